from odoo import fields, models


class SportsAccessPoint(models.Model):
    _inherit = "sports.access.point"

    booking_checkout = fields.Boolean(
        string="Exit checks bookings out",
        help="A booking pass leaving through this point ends its booking: the court frees up "
        "and its lights go off by the schedule. Leave it off for a two-way point a player "
        "may step out of during play.",
    )
