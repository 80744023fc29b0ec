from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# How long lights or water must run in an empty space before it is waste.
MIN_WASTE = timedelta(minutes=15)
# A meter reading covers the time since the device's previous reading, at most this long:
# after a longer silence the reading counts for this much only.
MAX_READING_SPAN = timedelta(hours=1)
# Below this draw (kW) a light circuit counts as off (standby, emergency lights).
LIGHT_ON_KW = 0.05
# Bookings that mean somebody is entitled to be in the space.
BUSY_BOOKING_STATES = ("confirmed", "checked_in")


class SportsWasteAlert(models.Model):
    """Lights or water running in a space with no booking and nobody inside.

    Meter readings (``sports.device.reading``) are increments: an ``energy_kwh`` or
    ``water_m3`` reading is what was consumed since the device's previous reading of that
    metric; a ``power_kw`` reading is the draw at that moment, held until the next one.
    A reading covers ``(previous reading, measured_at]``, at most ``MAX_READING_SPAN``.
    It is waste when the circuit ran in it (energy or water above zero, power above
    ``LIGHT_ON_KW``) and, during it, the space had no confirmed or checked-in booking, no
    granted entry into its area, and no people counter of the area saw anybody. Waste spans
    that touch are one stretch; a stretch of at least ``MIN_WASTE`` is one alert, found
    again (not duplicated) when the day is recomputed.
    """

    _name = "sports.waste.alert"
    _description = "Energy Waste Alert"
    _inherit = ["mail.thread"]
    _order = "start desc, id desc"

    name = fields.Char(required=True, readonly=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    space_id = fields.Many2one(comodel_name="sports.space", readonly=True, index=True)
    area_id = fields.Many2one(comodel_name="sports.area", readonly=True)
    device_id = fields.Many2one(comodel_name="sports.device", readonly=True)
    kind = fields.Selection([("light", "Lights"), ("water", "Water")], required=True, readonly=True)
    start = fields.Datetime(required=True, readonly=True)
    stop = fields.Datetime(readonly=True)
    duration_minutes = fields.Integer(
        compute="_compute_duration_minutes", store=True, string="Minutes"
    )
    energy_kwh = fields.Float(string="Wasted (kWh)", readonly=True, digits=(12, 3))
    water_m3 = fields.Float(string="Wasted (m³)", readonly=True, digits=(12, 3))
    state = fields.Selection(
        [("new", "New"), ("done", "Handled")], required=True, default="new", tracking=True
    )
    handled_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    handled_at = fields.Datetime(readonly=True, copy=False)

    # One alert per place, kind and stretch: recomputing a day finds the same rows.
    _stretch_unique = models.UniqueIndex(
        "(venue_id, kind, COALESCE(space_id, 0), COALESCE(area_id, 0), start)"
    )

    @api.depends("start", "stop")
    def _compute_duration_minutes(self):
        for alert in self:
            if alert.start and alert.stop:
                alert.duration_minutes = int((alert.stop - alert.start).total_seconds() // 60)
            else:
                alert.duration_minutes = 0

    def action_mark_handled(self):
        """A manager says the lights or water were dealt with."""
        self.check_access("write")
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise UserError(self.env._("Only venue staff can mark waste alerts as handled."))
        todo = self.filtered(lambda alert: alert.state == "new")
        todo.write(
            {"state": "done", "handled_by_id": self.env.uid, "handled_at": fields.Datetime.now()}
        )
        return True

    # ------------------------------------------------------------------ detection

    @api.model
    def _detect_days(self, date_from, date_to, venues=None):
        """Find the waste of the venues' local days ``[date_from, date_to]``; return the
        alerts of those days (new ones created, known ones updated, handled ones kept)."""
        if date_to < date_from:
            raise UserError(self.env._("The end date must not be before the start date."))
        venues = venues if venues is not None else self.env["sports.venue"].search([])
        alerts = self.browse()
        for venue in venues:
            start = venue._day_bounds(date_from)[0]
            stop = venue._day_bounds(date_to)[1]
            alerts |= self._detect(venue, start, stop)
        return alerts

    @api.model
    def _detect(self, venue, start, stop):
        """Waste stretches of ``venue`` whose readings fall in ``[start, stop)`` (UTC)."""
        for model in ("sports.device.reading", "sports.access.event", "sports.booking"):
            self.env[model].flush_model()
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
WITH reading AS (
    SELECT r.device_id, d.kind AS device_kind,
           CASE WHEN d.kind = 'light' THEN 'light' ELSE 'water' END AS kind,
           d.space_id, COALESCE(d.area_id, s.area_id) AS area_id,
           r.metric, r.value, r.measured_at AS stop,
           GREATEST(
               COALESCE(LAG(r.measured_at) OVER w, r.measured_at),
               r.measured_at - %(max_span)s
           ) AS start
      FROM sports_device_reading r
      JOIN sports_device d ON d.id = r.device_id
      LEFT JOIN sports_space s ON s.id = d.space_id
     WHERE r.venue_id = %(venue)s
       AND r.measured_at >= %(start)s - %(max_span)s AND r.measured_at < %(stop)s
       AND ((d.kind = 'light' AND r.metric IN ('power_kw', 'energy_kwh'))
            OR (d.kind <> 'light' AND r.metric = 'water_m3'))
       AND (d.space_id IS NOT NULL OR d.area_id IS NOT NULL)
    WINDOW w AS (PARTITION BY r.device_id, r.metric ORDER BY r.measured_at)
), running AS (
    SELECT *,
           CASE WHEN metric = 'energy_kwh' THEN value
                WHEN metric = 'power_kw'
                     THEN value * EXTRACT(EPOCH FROM stop - start) / 3600.0
                ELSE 0 END AS kwh,
           CASE WHEN metric = 'water_m3' THEN value ELSE 0 END AS m3
      FROM reading
     WHERE stop > start AND stop >= %(start)s
       AND ((metric = 'power_kw' AND value > %(light_on)s)
            OR (metric <> 'power_kw' AND value > 0))
), busy_hour AS MATERIALIZED (
    -- The hours someone was let into an area, or a people counter of it saw anybody.
    SELECT e.area_id, date_trunc('hour', e.device_time) AS hour
      FROM sports_access_event e
     WHERE e.venue_id = %(venue)s AND e.decision = 'granted' AND e.direction = 'in'
       AND e.device_time >= %(start)s - %(max_span)s - interval '1 hour'
       AND e.device_time < %(stop)s + interval '1 hour'
    UNION
    SELECT cd.area_id, date_trunc('hour', c.measured_at)
      FROM sports_device_reading c
      JOIN sports_device cd ON cd.id = c.device_id
     WHERE c.venue_id = %(venue)s AND c.metric IN ('occupancy', 'people_in') AND c.value > 0
       AND c.measured_at >= %(start)s - %(max_span)s - interval '1 hour'
       AND c.measured_at < %(stop)s + interval '1 hour'
), waste AS (
    SELECT ru.* FROM running ru
     WHERE NOT EXISTS (
               SELECT 1 FROM sports_booking b
                JOIN sports_space bs ON bs.id = b.space_id
               WHERE b.state IN %(busy)s
                 AND b.start_at < ru.stop AND b.end_at > ru.start
                 AND (b.space_id = ru.space_id
                      OR (ru.space_id IS NULL AND bs.area_id = ru.area_id)))
       AND NOT EXISTS (
               SELECT 1 FROM busy_hour bh
               WHERE bh.area_id = ru.area_id
                 AND bh.hour >= date_trunc('hour', ru.start)
                 AND bh.hour < date_trunc('hour', ru.stop) + interval '1 hour')
), ordered AS (
    SELECT *,
           MAX(stop) OVER (PARTITION BY kind, space_id, area_id ORDER BY start, stop
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
      FROM waste
), islands AS (
    SELECT *,
           SUM(CASE WHEN reach IS NULL OR start > reach THEN 1 ELSE 0 END)
               OVER (PARTITION BY kind, space_id, area_id ORDER BY start, stop) AS island
      FROM ordered
)
SELECT kind, space_id, area_id, MIN(device_id), MIN(start), MAX(stop), SUM(kwh), SUM(m3)
  FROM islands
 GROUP BY kind, space_id, area_id, island
HAVING MAX(stop) - MIN(start) >= %(min_waste)s
 ORDER BY MIN(start)
""",
                venue=venue.id,
                start=start,
                stop=stop,
                max_span=MAX_READING_SPAN,
                light_on=LIGHT_ON_KW,
                busy=BUSY_BOOKING_STATES,
                min_waste=MIN_WASTE,
            )
        )
        stretches = cr.fetchall()
        if not stretches:
            return self.browse()
        spaces = self.env["sports.space"].browse({row[1] for row in stretches if row[1]})
        areas = self.env["sports.area"].browse({row[2] for row in stretches if row[2]})
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        rows = []
        for kind, space_id, area_id, device_id, w_start, w_stop, kwh, m3 in stretches:
            place = spaces.browse(space_id) if space_id else areas.browse(area_id)
            name = self.env._(
                "%(kind)s running in %(place)s with nobody there",
                kind=kinds[kind],
                place=place.display_name,
            )
            rows.append(
                SQL(
                    "(%s, %s::int, %s::int, %s::int, %s::int, %s::int, %s, %s::timestamp, "
                    "%s::timestamp, %s::int, %s::float8, %s::float8, 'new')",
                    name,
                    venue.id,
                    venue.company_id.id,
                    space_id,
                    area_id,
                    device_id,
                    kind,
                    w_start,
                    w_stop,
                    int((w_stop - w_start).total_seconds() // 60),
                    round(kwh or 0.0, 3),
                    round(m3 or 0.0, 3),
                )
            )
        uid = self.env.uid
        # Upsert on the stretch's key: a recomputed stretch keeps its state and its chatter.
        cr.execute(
            SQL(
                """INSERT INTO sports_waste_alert
                          (name, venue_id, company_id, space_id, area_id, device_id, kind,
                           start, stop, duration_minutes, energy_kwh, water_m3, state,
                           create_uid, write_uid, create_date, write_date)
                   SELECT v.*, %s, %s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM (VALUES %s) AS v
                   ON CONFLICT (venue_id, kind, COALESCE(space_id, 0), COALESCE(area_id, 0),
                                start)
                   DO UPDATE SET stop = EXCLUDED.stop,
                                 duration_minutes = EXCLUDED.duration_minutes,
                                 energy_kwh = EXCLUDED.energy_kwh,
                                 water_m3 = EXCLUDED.water_m3,
                                 write_uid = EXCLUDED.write_uid,
                                 write_date = EXCLUDED.write_date
                   RETURNING id""",
                uid,
                uid,
                SQL(", ").join(rows),
            )
        )
        ids = [row[0] for row in cr.fetchall()]
        self.invalidate_model()
        return self.browse(ids)
