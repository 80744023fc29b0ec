from datetime import timedelta

from odoo import api, models


class SportsVenueStat(models.Model):
    _inherit = "sports.venue.stat"

    @api.model
    def _sports_stat_event_counts(self, venues, date_from, date_to):
        """Adds ``event_count`` (events at the venue overlapping the local day, not
        cancelled nor archived) and ``free_event_count`` (those without a paid ticket) to
        super()'s dicts, keeping their other keys."""
        result = super()._sports_stat_event_counts(venues, date_from, date_to)
        if not venues or not date_from or not date_to:
            return result
        # sudo: the statistics count every event of the venue, whatever the user may read.
        events = (
            self.env["event.event"]
            .sudo()
            .search(
                [
                    ("sports_venue_id", "in", venues.ids),
                    ("kanban_state", "!=", "cancel"),
                    # A margin of a day either side for the venues' time zones.
                    ("date_begin", "<", date_to + timedelta(days=2)),
                    ("date_end", ">", date_from - timedelta(days=1)),
                ]
            )
        )
        for event in events:
            venue = event.sports_venue_id
            first = max(venue._local_date(event.date_begin), date_from)
            # date_end is the first moment the event is over: an event ending at midnight
            # does not count on the next day.
            last = min(venue._local_date(event.date_end - timedelta(microseconds=1)), date_to)
            day = first
            while day <= last:
                counts = result.setdefault((venue.id, day), {})
                counts["event_count"] = counts.get("event_count", 0) + 1
                counts["free_event_count"] = counts.get("free_event_count", 0) + (
                    1 if event.sports_is_free else 0
                )
                day += timedelta(days=1)
        return result
