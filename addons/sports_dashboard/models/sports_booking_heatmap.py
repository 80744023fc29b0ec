from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

# Bookings that use a space (held and cancelled ones do not).
USED_STATES = ("confirmed", "checked_in", "done")


class SportsBookingHeatmap(models.Model):
    """Booked time per space and local hour of day: one row per booking and hour it
    touches, with the part of that hour it covers. The court utilisation heatmap is a
    pivot of it, spaces by hours."""

    _name = "sports.booking.heatmap"
    _description = "Court Utilisation by Hour"
    _auto = False
    _order = "date desc, space_id, hour"
    _rec_name = "space_id"

    booking_id = fields.Many2one(comodel_name="sports.booking", readonly=True)
    space_id = fields.Many2one(comodel_name="sports.space", readonly=True)
    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    date = fields.Date(readonly=True, help="The venue's local day.")
    hour = fields.Integer(string="Hour of Day", readonly=True, aggregator=None)
    booked_hours = fields.Float(readonly=True, digits=(6, 2))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %(table)s AS (
                   SELECT row_number() OVER () AS id, b.id AS booking_id, b.space_id,
                          b.venue_id, b.company_id,
                          slot.local_hour::date AS date,
                          EXTRACT(HOUR FROM slot.local_hour)::int AS hour,
                          ROUND((EXTRACT(EPOCH FROM
                              LEAST(b.local_end, slot.local_hour + interval '1 hour')
                              - GREATEST(b.local_start, slot.local_hour)) / 3600.0)::numeric, 2)
                              AS booked_hours
                     FROM (SELECT bk.*,
                                  (bk.start_at AT TIME ZONE 'UTC')
                                      AT TIME ZONE COALESCE(v.tz, %(tz)s) AS local_start,
                                  (bk.end_at AT TIME ZONE 'UTC')
                                      AT TIME ZONE COALESCE(v.tz, %(tz)s) AS local_end
                             FROM sports_booking bk
                             JOIN sports_venue v ON v.id = bk.venue_id
                            WHERE bk.state IN %(states)s AND bk.end_at > bk.start_at) b
                     CROSS JOIN LATERAL generate_series(
                          date_trunc('hour', b.local_start),
                          b.local_end - interval '1 microsecond',
                          interval '1 hour') AS slot(local_hour))""",
                table=SQL.identifier(self._table),
                tz=DEFAULT_TZ,
                states=USED_STATES,
            )
        )
