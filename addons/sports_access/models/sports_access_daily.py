import json
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
    peak_occupancy = fields.Integer(
        readonly=True, help="Most people inside at the end of any minute of the day."
    )
    hourly_entries = fields.Json(readonly=True, help="Granted entries per local hour, 0 to 23.")
    computed_at = fields.Datetime(readonly=True)

    _venue_date_unique = models.Constraint(
        "UNIQUE(venue_id, date)", "One statistics row per venue and day."
    )

    @api.model
    def _compute_days(self, date_from, date_to, venues=None):
        """Recompute the rows of ``[date_from, date_to]`` (local days) and return them.

        Per venue, three aggregate queries over the venue's events of those days (found
        through the ``(venue_id, device_time)`` index, with the venue's time zone as a
        constant): totals and unique visitors, entries per hour, and the peak, from the
        running sum of entries minus exits per minute. Idempotent: rows are inserted or
        replaced; days without any passage get zeros.
        """
        venues = venues if venues is not None else self.env["sports.venue"].search([])
        self.env["sports.access.event"].flush_model()
        cr = self.env.cr
        # Sorting a million visitors fits in memory instead of spilling to disk.
        cr.execute("SET LOCAL work_mem = '64MB'")
        days = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
        rows = []
        for venue in venues:
            tz = venue._tz_name()
            start = venue._day_bounds(date_from)[0]
            end = venue._day_bounds(date_to)[1]
            where = SQL(
                "venue_id = %s AND device_time >= %s AND device_time < %s",
                venue.id,
                start,
                end,
            )
            local = SQL("(device_time AT TIME ZONE 'UTC' AT TIME ZONE %s)", tz)
            cr.execute(
                SQL(
                    """SELECT day,
                              COUNT(*) FILTER (WHERE granted_in) AS entries,
                              COUNT(DISTINCT person_key) FILTER (WHERE granted_in) AS visitors,
                              COUNT(*) FILTER (WHERE decision = 'granted'
                                               AND direction = 'out') AS exits,
                              COUNT(*) FILTER (WHERE decision = 'denied') AS denied
                         FROM (SELECT %s::date AS day, person_key, decision, direction,
                                      decision = 'granted' AND direction = 'in' AS granted_in
                                 FROM sports_access_event WHERE %s) ev
                        GROUP BY day""",
                    local,
                    where,
                )
            )
            totals = {day: values for day, *values in cr.fetchall()}
            cr.execute(
                SQL(
                    """SELECT %s::date, EXTRACT(HOUR FROM %s)::int, COUNT(*)
                         FROM sports_access_event
                        WHERE %s AND decision = 'granted' AND direction = 'in'
                        GROUP BY 1, 2""",
                    local,
                    local,
                    where,
                )
            )
            hourly = {}
            for day, hour, count in cr.fetchall():
                hourly.setdefault(day, [0] * 24)[hour] = count
            cr.execute(
                SQL(
                    """SELECT day, GREATEST(MAX(inside), 0) FROM (
                           SELECT day, SUM(delta) OVER (PARTITION BY day ORDER BY minute)
                                  AS inside
                             FROM (SELECT %s::date AS day, date_trunc('minute', %s) AS minute,
                                          SUM(CASE WHEN direction = 'in' THEN 1 ELSE -1 END)
                                          AS delta
                                     FROM sports_access_event
                                    WHERE %s AND decision = 'granted'
                                    GROUP BY 1, 2) per_minute
                       ) running GROUP BY day""",
                    local,
                    local,
                    where,
                )
            )
            peaks = dict(cr.fetchall())
            for day in days:
                entries, visitors, exits, denied = totals.get(day, (0, 0, 0, 0))
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb)",
                        venue.id,
                        venue.company_id.id,
                        day,
                        visitors,
                        entries,
                        exits,
                        denied,
                        peaks.get(day, 0),
                        json.dumps(hourly.get(day, [0] * 24)),
                    )
                )
        if not rows:
            return self
        cr.execute(
            SQL(
                """INSERT INTO sports_access_daily
                          (venue_id, company_id, date, unique_visitors, entries, exits, denied,
                           peak_occupancy, hourly_entries, computed_at, create_uid, write_uid,
                           create_date, write_date)
                   SELECT v.*, now() AT TIME ZONE 'UTC', %s, %s, now() AT TIME ZONE 'UTC',
                          now() AT TIME ZONE 'UTC'
                     FROM (VALUES %s) AS v
                   ON CONFLICT (venue_id, date) DO UPDATE SET
                          unique_visitors = EXCLUDED.unique_visitors,
                          entries = EXCLUDED.entries, exits = EXCLUDED.exits,
                          denied = EXCLUDED.denied, peak_occupancy = EXCLUDED.peak_occupancy,
                          hourly_entries = EXCLUDED.hourly_entries,
                          computed_at = EXCLUDED.computed_at, write_uid = EXCLUDED.write_uid,
                          write_date = EXCLUDED.write_date""",
                self.env.uid,
                self.env.uid,
                SQL(", ").join(rows),
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
        # sudo: the cron computes the statistics of every venue, whatever its user may read.
        return self.sudo()._compute_days(today - timedelta(days=1), today)

    def action_recompute(self):
        """Recompute these rows from the access log; the raw upsert needs the write right."""
        self.check_access("write")
        days = self.mapped("date")
        if days:
            self._compute_days(min(days), max(days), self.venue_id)
        return True
