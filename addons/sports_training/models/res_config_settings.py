from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    training_commission_cancelled = fields.Selection(
        related="company_id.training_commission_cancelled", readonly=False
    )
    training_waitlist_cutoff_hours = fields.Integer(
        related="company_id.training_waitlist_cutoff_hours", readonly=False
    )
    training_makeup_days = fields.Integer(related="company_id.training_makeup_days", readonly=False)
