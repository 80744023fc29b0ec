from odoo import fields, models

from odoo.addons.sports_regulatory.models.sports_ticket_type import AUDIENCES, FEE_LEVELS


class SportsCardType(models.Model):
    _inherit = "sports.card.type"

    sports_audience = fields.Selection(
        AUDIENCES, string="Audience", required=True, default="general"
    )
    sports_fee_level = fields.Selection(
        FEE_LEVELS,
        string="Fee Level",
        required=True,
        default="standard",
        help="Entries with a card of this type count as free or low-fee (public-benefit) access.",
    )
