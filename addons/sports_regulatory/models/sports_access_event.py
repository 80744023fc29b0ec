from odoo import api, models
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsAccessEvent(models.Model):
    """Late uploads: the proxy uploads the events it decided offline, sometimes days
    later. The days they fall on whose statistics already exist are marked, in the
    upload's transaction, and the hourly job recomputes them (``needs_recompute``)."""

    _inherit = "sports.access.event"

    @api.model
    def _insert_rows(self, rows):
        events = super()._insert_rows(rows)
        if events:
            self.env.cr.execute(
                SQL(
                    """UPDATE sports_venue_stat stat SET needs_recompute = TRUE
                         FROM (SELECT DISTINCT ev.venue_id,
                                      (ev.device_time AT TIME ZONE 'UTC'
                                       AT TIME ZONE COALESCE(venue.tz, %s))::date AS day
                                 FROM sports_access_event ev
                                 JOIN sports_venue venue ON venue.id = ev.venue_id
                                WHERE ev.id IN %s) late
                        WHERE stat.venue_id = late.venue_id AND stat.date = late.day
                          AND NOT COALESCE(stat.needs_recompute, FALSE)""",
                    DEFAULT_TZ,
                    tuple(events.ids),
                )
            )
            self.env["sports.venue.stat"].invalidate_model(["needs_recompute"])
        return events
