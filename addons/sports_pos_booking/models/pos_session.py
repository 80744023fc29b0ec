from odoo import api, models


class PosSession(models.Model):
    _inherit = "pos.session"

    @api.model
    def _load_pos_data_models(self, config):
        models_ = super()._load_pos_data_models(config)
        if "sports.space" not in models_:
            models_ = [*models_, "sports.space"]
        return models_
