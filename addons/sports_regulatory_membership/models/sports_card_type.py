from odoo import models


class SportsCardType(models.Model):
    _name = "sports.card.type"
    _inherit = ["sports.card.type", "sports.audience.mixin"]
