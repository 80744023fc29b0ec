from odoo import models


class SportsTicketType(models.Model):
    _name = "sports.ticket.type"
    _inherit = ["sports.ticket.type", "sports.audience.mixin"]
