from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_sports_venue_id = fields.Many2one(
        related="pos_config_id.sports_venue_id", readonly=False, string="Venue"
    )
