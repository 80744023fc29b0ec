from odoo import api, models


class SportsVenueStat(models.Model):
    _inherit = "sports.venue.stat"

    @api.model
    def _sports_stat_event_counts(self, venues, date_from, date_to):
        """Adds ``event_count`` and ``free_event_count``: owned by EVENT."""
        return super()._sports_stat_event_counts(venues, date_from, date_to)
