from odoo import api, models
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsDeviceReading(models.Model):
    """Late uploads of readings mark the days they fall on, like access events (see
    ``sports_access_event.py``)."""

    _inherit = "sports.device.reading"

    @api.model
    def _insert_rows(self, rows):
        written = super()._insert_rows(rows)
        if written:
            self.env.cr.execute(
                SQL(
                    """UPDATE sports_venue_stat stat SET needs_recompute = TRUE
                         FROM (SELECT DISTINCT rd.venue_id,
                                      (rd.measured_at AT TIME ZONE 'UTC'
                                       AT TIME ZONE COALESCE(venue.tz, %s))::date AS day
                                 FROM sports_device_reading rd
                                 JOIN sports_venue venue ON venue.id = rd.venue_id
                                WHERE rd.uuid IN %s AND rd.company_id IN %s) late
                        WHERE stat.venue_id = late.venue_id AND stat.date = late.day
                          AND NOT COALESCE(stat.needs_recompute, FALSE)""",
                    DEFAULT_TZ,
                    tuple(written),
                    tuple({row["company_id"] for row in rows}),
                )
            )
            self.env["sports.venue.stat"].invalidate_model(["needs_recompute"])
        return written
