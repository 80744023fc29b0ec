from odoo import api, models


class PosSession(models.Model):
    _inherit = "pos.session"

    @api.model
    def _load_pos_data_models(self, config):
        # The vouchers of the discount lines, so that a line exports its voucher.
        return [*super()._load_pos_data_models(config), "sports.voucher"]
