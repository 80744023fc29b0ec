from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    training_commission_cancelled = fields.Selection(
        [
            ("none", "Not paid"),
            ("late", "Paid when cancelled less than a day ahead"),
            ("full", "Paid"),
        ],
        string="Commission on Cancelled Sessions",
        default="late",
        required=True,
    )
    training_waitlist_cutoff_hours = fields.Integer(
        string="Waitlist Cutoff (hours)",
        default=2,
        help="No one is promoted from a waitlist later than this before the session.",
    )
    training_makeup_days = fields.Integer(
        string="Make-up Window (days)",
        default=0,
        help="0: a missed session can be made up until the end of its term.",
    )
