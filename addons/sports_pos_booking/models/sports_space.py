from odoo import api, models


class SportsSpace(models.Model):
    """The bookable spaces of the desk's venue, loaded in the POS for booking lines."""

    _name = "sports.space"
    _inherit = ["sports.space", "pos.load.mixin"]

    @api.model
    def _load_pos_data_domain(self, data, config):
        return [("venue_id", "=", config.sports_venue_id.id), ("bookable", "=", True)]

    @api.model
    def _load_pos_data_fields(self, config):
        return ["id", "name", "display_name"]
