from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    arena_member = fields.Boolean(
        string="Venue Member",
        help="Members get member prices when booking. Member cards set this automatically "
        "once the membership addon is installed.",
    )
    sports_booking_ids = fields.One2many(
        comodel_name="sports.booking", inverse_name="partner_id", string="Court Bookings"
    )
