from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_sports_stall_id = fields.Many2one(
        related="pos_config_id.sports_stall_id", readonly=False, string="Stall"
    )
    pos_sports_stall_shared = fields.Boolean(
        related="pos_config_id.sports_stall_shared", readonly=False, string="Shared by Stalls"
    )
