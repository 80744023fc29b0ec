from odoo import fields, models

# Who a ticket or card type is meant for, as the yearly subsidy report counts free and
# low-fee access (学生、老年人、残疾人).
AUDIENCES = [
    ("general", "General public"),
    ("student", "Students"),
    ("senior", "Seniors"),
    ("disabled", "People with disabilities"),
]
FEE_LEVELS = [("standard", "Standard"), ("low", "Low-fee"), ("free", "Free")]


class SportsTicketType(models.Model):
    _inherit = "sports.ticket.type"

    sports_audience = fields.Selection(
        AUDIENCES, string="Audience", required=True, default="general"
    )
    sports_fee_level = fields.Selection(
        FEE_LEVELS,
        string="Fee Level",
        required=True,
        default="standard",
        help="Free and low-fee entries are counted as public-benefit access.",
    )
