from odoo import api, models
from odoo.tools import SQL


class SportsAccessEvent(models.Model):
    """Late uploads: the days that offline events fall on are marked, in the upload's
    transaction, and the hourly job recomputes them (``needs_recompute``)."""

    _inherit = "sports.access.event"

    @api.model
    def _insert_rows(self, rows):
        events = super()._insert_rows(rows)
        if events:
            self.env["sports.venue.stat"]._sports_mark_late(
                SQL(
                    "SELECT venue_id, device_time FROM sports_access_event WHERE id IN %s",
                    tuple(events.ids),
                )
            )
        return events
