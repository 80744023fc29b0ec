from odoo import api, fields, models


class SportsSpace(models.Model):
    """The bookable spaces of the desk's venue, loaded in the POS for booking lines."""

    _name = "sports.space"
    _inherit = ["sports.space", "pos.load.mixin"]

    pos_venue_tz = fields.Selection(
        related="venue_id.tz",
        string="Venue Time Zone",
        help="The POS shows booked times in the venue's time zone.",
    )

    @api.model
    def _load_pos_data_domain(self, data, config):
        return [("venue_id", "=", config.sports_venue_id.id), ("bookable", "=", True)]

    @api.model
    def _load_pos_data_fields(self, config):
        return ["id", "name", "display_name", "pos_venue_tz"]
