from odoo import api, models
from odoo.tools import SQL


class SportsDeviceReading(models.Model):
    """Late uploads of readings mark the days they fall on, like access events."""

    _inherit = "sports.device.reading"

    @api.model
    def _insert_rows(self, rows):
        written = super()._insert_rows(rows)
        if written:
            self.env["sports.venue.stat"]._sports_mark_late(
                SQL(
                    """SELECT venue_id, measured_at FROM sports_device_reading
                        WHERE uuid IN %s AND company_id IN %s""",
                    tuple(written),
                    tuple({row["company_id"] for row in rows}),
                )
            )
        return written
