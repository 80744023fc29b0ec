from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SportsAccessDaily(models.Model):
    _name = "sports.access.daily"
    _description = "Daily Passenger Flow"
    _order = "date desc, venue_id"
    _rec_name = "date"

    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    date = fields.Date(required=True, readonly=True, index=True)
    unique_visitors = fields.Integer(
        readonly=True,
        help="Distinct people (or credentials, when anonymous) granted entry that day: "
        "one person entering three times counts once.",
    )
    entries = fields.Integer(
        readonly=True, help="Granted entries, counted per passage (person-times)."
    )
    exits = fields.Integer(readonly=True)
    denied = fields.Integer(readonly=True)
    peak_occupancy = fields.Integer(readonly=True)
    hourly_entries = fields.Json(readonly=True, help="Granted entries per local hour, 0 to 23.")
    computed_at = fields.Datetime(readonly=True)

    _venue_date_unique = models.Constraint(
        "UNIQUE(venue_id, date)", "One statistics row per venue and day."
    )

    @api.model
    def _compute_days(self, date_from, date_to, venues=None):
        """Recompute the rows of ``[date_from, date_to]`` (local days) with one statement.

        Idempotent: a row is inserted or replaced; days without any passage get zeros.
        """
        venues = venues if venues is not None else self.env["sports.venue"].search([])
        if not venues:
            return self
        self.env["sports.access.event"].flush_model()
        self.env.cr.execute(
            SQL(
                """
WITH days AS (
    SELECT v.id AS venue_id, v.company_id, COALESCE(v.tz, 'Asia/Shanghai') AS tz,
           d::date AS day
      FROM sports_venue v
      CROSS JOIN generate_series(%(date_from)s::date, %(date_to)s::date, '1 day') d
     WHERE v.id IN %(venues)s
), ev AS (
    SELECT e.venue_id, e.direction, e.decision, e.person_key, e.device_time, e.id,
           (e.device_time AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(v.tz, 'Asia/Shanghai'))::date
               AS day,
           EXTRACT(HOUR FROM e.device_time AT TIME ZONE 'UTC'
                   AT TIME ZONE COALESCE(v.tz, 'Asia/Shanghai'))::int AS hour
      FROM sports_access_event e
      JOIN sports_venue v ON v.id = e.venue_id
     WHERE e.venue_id IN %(venues)s
       AND e.device_time >= %(date_from)s::timestamp - interval '1 day'
       AND e.device_time < %(date_to)s::timestamp + interval '2 day'
), in_day AS (
    SELECT ev.* FROM ev JOIN days ON days.venue_id = ev.venue_id AND days.day = ev.day
), totals AS (
    SELECT venue_id, day,
           COUNT(DISTINCT person_key) FILTER (WHERE decision = 'granted' AND direction = 'in')
               AS unique_visitors,
           COUNT(*) FILTER (WHERE decision = 'granted' AND direction = 'in') AS entries,
           COUNT(*) FILTER (WHERE decision = 'granted' AND direction = 'out') AS exits,
           COUNT(*) FILTER (WHERE decision = 'denied') AS denied
      FROM in_day GROUP BY venue_id, day
), hours AS (
    SELECT venue_id, day, hour, COUNT(*) AS n
      FROM in_day WHERE decision = 'granted' AND direction = 'in'
     GROUP BY venue_id, day, hour
), hourly AS (
    SELECT days.venue_id, days.day,
           jsonb_agg(COALESCE(hours.n, 0) ORDER BY h) AS counts
      FROM days CROSS JOIN generate_series(0, 23) h
      LEFT JOIN hours ON hours.venue_id = days.venue_id AND hours.day = days.day
                     AND hours.hour = h
     GROUP BY days.venue_id, days.day
), running AS (
    SELECT venue_id, day,
           SUM(CASE WHEN direction = 'in' THEN 1 ELSE -1 END)
               OVER (PARTITION BY venue_id, day ORDER BY device_time, id) AS inside
      FROM in_day WHERE decision = 'granted'
), peaks AS (
    SELECT venue_id, day, GREATEST(MAX(inside), 0) AS peak FROM running GROUP BY venue_id, day
)
INSERT INTO sports_access_daily
       (venue_id, company_id, date, unique_visitors, entries, exits, denied, peak_occupancy,
        hourly_entries, computed_at, create_uid, write_uid, create_date, write_date)
SELECT days.venue_id, days.company_id, days.day,
       COALESCE(t.unique_visitors, 0), COALESCE(t.entries, 0), COALESCE(t.exits, 0),
       COALESCE(t.denied, 0), COALESCE(p.peak, 0), hourly.counts,
       now() AT TIME ZONE 'UTC', %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
       now() AT TIME ZONE 'UTC'
  FROM days
  JOIN hourly ON hourly.venue_id = days.venue_id AND hourly.day = days.day
  LEFT JOIN totals t ON t.venue_id = days.venue_id AND t.day = days.day
  LEFT JOIN peaks p ON p.venue_id = days.venue_id AND p.day = days.day
ON CONFLICT (venue_id, date) DO UPDATE SET
       unique_visitors = EXCLUDED.unique_visitors, entries = EXCLUDED.entries,
       exits = EXCLUDED.exits, denied = EXCLUDED.denied,
       peak_occupancy = EXCLUDED.peak_occupancy, hourly_entries = EXCLUDED.hourly_entries,
       computed_at = EXCLUDED.computed_at, write_uid = EXCLUDED.write_uid,
       write_date = EXCLUDED.write_date
""",
                date_from=date_from,
                date_to=date_to,
                venues=tuple(venues.ids),
                uid=self.env.uid,
            )
        )
        self.invalidate_model()
        return self.search(
            [("venue_id", "in", venues.ids), ("date", ">=", date_from), ("date", "<=", date_to)]
        )

    @api.model
    def _cron_compute(self):
        """Yesterday (final) and today (so far) for every venue."""
        today = fields.Date.context_today(self)
        return self.sudo()._compute_days(today - timedelta(days=1), today)

    def action_recompute(self):
        days = self.mapped("date")
        if days:
            self._compute_days(min(days), max(days), self.venue_id)
        return True
