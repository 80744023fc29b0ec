from odoo import fields, models


class SportsCardType(models.Model):
    _inherit = "sports.card.type"

    member_price = fields.Boolean(
        string="Member Prices", help="Holders of an active card book at member prices."
    )
