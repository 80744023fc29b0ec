import logging
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .sports_area import FLOW_COUNTING

_logger = logging.getLogger(__name__)

# Readings are increments: a people counter (or a meter) reports what it counted since
# its previous message, and the proxy forwards each message as one reading (hw_proxy
# service ``_on_reading``: one uuid per device message, the value as the device sent it).
# Summing the readings of an hour gives the hour's flow.
COUNTER_METRICS = ("people_in", "people_out")


class SportsFlowHourly(models.Model):
    """Passenger flow of one gate (or people counter) in one hour: the unit the national
    platform collects. Rows are computed from the access log or the counters' readings,
    never entered; recomputing an hour replaces its rows."""

    _name = "sports.flow.hourly"
    _description = "Hourly Passenger Flow"
    _order = "hour desc, venue_id, device_id"
    _rec_name = "hour"

    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    area_id = fields.Many2one(comodel_name="sports.area", readonly=True, index=True)
    device_id = fields.Many2one(
        comodel_name="sports.device",
        readonly=True,
        index=True,
        help="The gate or people counter; empty for an access point without a gate device.",
    )
    point_id = fields.Many2one(
        comodel_name="sports.access.point",
        readonly=True,
        help="The access point, when counted from the access log.",
    )
    source = fields.Selection(FLOW_COUNTING, required=True, readonly=True)
    hour = fields.Datetime(
        required=True, readonly=True, index=True, help="Start of the hour (UTC in the database)."
    )
    hour_end = fields.Datetime(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True, help="The venue's local day.")
    entries = fields.Integer(readonly=True)
    exits = fields.Integer(readonly=True)
    is_core_free_area = fields.Boolean(string="Core Free/Low-fee Area", readonly=True)
    region_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    province_code = fields.Char(readonly=True, size=6)
    city_code = fields.Char(readonly=True, size=6)
    district_code = fields.Char(readonly=True, size=6)
    computed_at = fields.Datetime(readonly=True)

    _venue_hour_index = models.Index("(venue_id, hour)")

    # ------------------------------------------------------------------ computation

    @api.model
    def _compute_hours(self, start, stop, venues=None):
        """Recompute the rows of the whole UTC hours in ``[start, stop)`` and return them.

        Per venue: one DELETE of the hours' rows, then one INSERT ... SELECT from the
        access log (granted events, areas counted by gates; one row per gate device, or per
        access point when the point has no gate device) and from the people counters'
        readings (``people_in``/``people_out`` increments, summed per hour, areas counted
        by counters). A counter without an area (its own, else none) is skipped and logged:
        see :meth:`sports.venue._sports_flow_unassigned_counters`.
        """
        start = self._sports_floor_hour(start)
        stop = self._sports_floor_hour(stop + timedelta(hours=1) - timedelta(microseconds=1))
        venues = venues if venues is not None else self.env["sports.venue"].search([])
        if stop <= start or not venues:
            return self.browse()
        self.env["sports.access.event"].flush_model()
        self.env["sports.device.reading"].flush_model()
        self.env["sports.area"].flush_model(["flow_counting", "is_core_free_area"])
        cr = self.env.cr
        cr.execute(
            SQL(
                "DELETE FROM sports_flow_hourly WHERE venue_id IN %s AND hour >= %s AND hour < %s",
                tuple(venues.ids),
                start,
                stop,
            )
        )
        for venue in venues:
            self._sports_insert_hours(venue, start, stop)
            skipped = venue._sports_flow_unassigned_counters()
            if skipped:
                _logger.warning(
                    "Venue %s: people counters without an area are not counted: %s",
                    venue.display_name,
                    ", ".join(skipped.mapped("identifier")),
                )
        self.invalidate_model()
        return self.search(
            [("venue_id", "in", venues.ids), ("hour", ">=", start), ("hour", "<", stop)]
        )

    @api.model
    def _sports_floor_hour(self, moment):
        moment = fields.Datetime.to_datetime(moment)
        return datetime(moment.year, moment.month, moment.day, moment.hour)

    def _sports_insert_hours(self, venue, start, stop):
        province, city, district = venue._sports_region_levels()
        tz = venue._tz_name()
        self.env.cr.execute(
            SQL(
                """INSERT INTO sports_flow_hourly
                          (venue_id, company_id, area_id, device_id, point_id, source, hour,
                           hour_end, date, entries, exits, is_core_free_area, region_id,
                           province_code, city_code, district_code, computed_at,
                           create_uid, write_uid, create_date, write_date)
                   SELECT %(venue)s, %(company)s, flow.area_id, flow.device_id, flow.point_id,
                          flow.source, flow.hour, flow.hour + interval '1 hour',
                          (flow.hour AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                          flow.entries, flow.exits, COALESCE(area.is_core_free_area, FALSE),
                          %(region)s, %(province)s, %(city)s, %(district)s,
                          now() AT TIME ZONE 'UTC', %(uid)s, %(uid)s,
                          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM (
                          SELECT ev.area_id, point.gate_device_id AS device_id,
                                 CASE WHEN point.gate_device_id IS NULL THEN ev.point_id END
                                     AS point_id,
                                 'gate' AS source,
                                 date_trunc('hour', ev.device_time) AS hour,
                                 COUNT(*) FILTER (WHERE ev.direction = 'in') AS entries,
                                 COUNT(*) FILTER (WHERE ev.direction = 'out') AS exits
                            FROM sports_access_event ev
                            JOIN sports_access_point point ON point.id = ev.point_id
                            JOIN sports_area ga ON ga.id = ev.area_id
                           WHERE ev.venue_id = %(venue)s AND ev.device_time >= %(start)s
                             AND ev.device_time < %(stop)s AND ev.decision = 'granted'
                             AND ga.flow_counting = 'gate'
                           GROUP BY 1, 2, 3, 5
                          UNION ALL
                          SELECT dev.area_id, dev.id, NULL, 'counter',
                                 date_trunc('hour', rd.measured_at),
                                 ROUND(COALESCE(SUM(rd.value)
                                       FILTER (WHERE rd.metric = 'people_in'), 0))::int,
                                 ROUND(COALESCE(SUM(rd.value)
                                       FILTER (WHERE rd.metric = 'people_out'), 0))::int
                            FROM sports_device_reading rd
                            JOIN sports_device dev ON dev.id = rd.device_id
                            JOIN sports_area ca ON ca.id = dev.area_id
                           WHERE rd.venue_id = %(venue)s AND rd.measured_at >= %(start)s
                             AND rd.measured_at < %(stop)s AND rd.metric IN %(metrics)s
                             AND dev.kind = 'counter' AND ca.flow_counting = 'counter'
                           GROUP BY 1, 2, 5
                          ) flow
                     LEFT JOIN sports_area area ON area.id = flow.area_id""",
                venue=venue.id,
                company=venue.company_id.id,
                tz=tz,
                region=venue.region_id.id or None,
                province=province.code or None,
                city=city.code or None,
                district=district.code or None,
                uid=self.env.uid,
                start=start,
                stop=stop,
                metrics=COUNTER_METRICS,
            )
        )

    # ------------------------------------------------------------------ cron and hook

    @api.model
    def _cron_compute_last_hour(self):
        """Compute the last complete hour of every venue, recompute the days that late
        uploads marked stale, then call :meth:`_sports_after_hours`."""
        now = fields.Datetime.now()
        stop = self._sports_floor_hour(now)
        start = stop - timedelta(hours=1)
        # sudo: the cron computes the flow of every venue, whatever its user may read.
        self_sudo = self.sudo()
        venues = self_sudo.env["sports.venue"].search([])
        self_sudo._compute_hours(start, stop, venues)
        self_sudo.env["sports.venue.stat"]._sports_recompute_stale()
        self_sudo._sports_after_hours(start, stop, venues)
        return True

    @api.model
    def _sports_after_hours(self, start, stop, venues):
        """Hook called once the hours ``[start, stop)`` of ``venues`` are computed (the
        uplink enqueues them); does nothing here."""
        return None
