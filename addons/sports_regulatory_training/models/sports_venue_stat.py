from datetime import datetime, time, timedelta

from odoo import api, models


class SportsVenueStat(models.Model):
    _inherit = "sports.venue.stat"

    @api.model
    def _sports_stat_event_counts(self, venues, date_from, date_to):
        """Adds ``training_visitors`` (训练人次): the present seats of the sessions of each
        venue's local day."""
        counts = super()._sports_stat_event_counts(venues, date_from, date_to)
        if not venues:
            return counts
        # UTC bounds wide enough for any zone; each session's local day is exact below.
        start = datetime.combine(date_from - timedelta(days=1), time.min)
        end = datetime.combine(date_to + timedelta(days=2), time.min)
        # sudo: the statistics count every venue's attendance, whatever the user may read.
        groups = (
            self.env["sports.training.attendance"]
            .sudo()
            ._read_group(
                [
                    ("session_id.venue_id", "in", venues.ids),
                    ("state", "=", "present"),
                    ("session_start", ">=", start),
                    ("session_start", "<", end),
                ],
                ["session_id"],
                ["__count"],
            )
        )
        for session, count in groups:
            venue = session.venue_id
            day = venue._local_date(session.start_at)
            if not date_from <= day <= date_to:
                continue
            row = counts.setdefault((venue.id, day), {})
            row["training_visitors"] = row.get("training_visitors", 0) + count
        return counts
