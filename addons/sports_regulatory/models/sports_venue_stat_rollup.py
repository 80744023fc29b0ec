"""Roll-ups of the daily venue statistics through the region hierarchy, in one SQL statement,
and the nightly recompute of the open-hours compliance."""

from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sports_venue.tools import inputs

ROLLUP_LEVELS = ("national", "province", "city", "district", "venue")
ROLLUP_PERIODS = ("day", "week", "month", "year")
# The sums every roll-up row carries, in this order.
ROLLUP_SUMS = (
    "entries",
    "unique_visitors",
    "open_hours",
    "public_benefit_hours",
    "public_benefit_visitors",
    "free_visitors",
    "low_fee_visitors",
    "student_visitors",
    "senior_visitors",
    "disabled_visitors",
    "booking_count",
    "booked_hours",
    "revenue_total",
    "energy_kwh",
    "water_m3",
    "event_count",
    "free_event_count",
    "training_visitors",
)
# The sums of float columns (numeric in the table), added up as float8; the others are
# integers or money (numeric, kept exact).
FLOAT_SUMS = {"open_hours", "public_benefit_hours", "booked_hours", "energy_kwh", "water_m3"}
# Memory for the per-venue step of a roll-up (1,000 venues x 365 days fit).
ROLLUP_WORK_MEM = "64MB"
# The stat's column holding each level's region.
LEVEL_COLUMN = {"province": "province_id", "city": "city_id", "district": "district_id"}
# In January the nightly run also finishes the previous year: its last ISO week may end in
# the first days of January (see sports_compliance.py).
PREVIOUS_YEAR_DAYS = 7


class SportsVenueStat(models.Model):
    _inherit = "sports.venue.stat"

    @api.model
    @api.readonly
    def rollup(self, level, period, date_from, date_to, region_id=None):
        """``_rollup`` for callers over RPC (JSON-2, the web client): a bureau's own
        reporting. Dates are ISO texts, the region an id; ``period_start`` comes back as
        an ISO date. It only reads, so Odoo serves it on a read-only cursor: from the read
        replica when one is configured (``db_replica_host``), whose data trail the
        primary's by the replication's replay lag."""
        _ = self.env._
        level = inputs.choice(self.env, level, _("The level"), ROLLUP_LEVELS)
        period = inputs.choice(self.env, period, _("The period"), ROLLUP_PERIODS)
        start = inputs.day(self.env, date_from, _("The start date"))
        stop = inputs.day(self.env, date_to, _("The end date"))
        region = inputs.record(self.env, "sports.region", region_id, _("The region"))
        rows = self._rollup(level, period, start, stop, region=region or None)
        for row in rows:
            row["period_start"] = fields.Date.to_string(row["period_start"])
        return rows

    @api.model
    def _rollup(self, level, period, date_from, date_to, region=None):
        """Sum the daily statistics by region ``level`` and ``period``, over the rows the
        current user may read (record rules apply), in one SQL statement.

        :param level: 'national', 'province', 'city', 'district' or 'venue'
        :param period: 'day', 'week' (ISO, starting Monday), 'month' or 'year'
        :param region: a ``sports.region`` (record or id): only venues inside it
        :return: a list of dicts (see ``ROLLUP_SUMS``), sorted by period then region
        """
        if level not in ROLLUP_LEVELS:
            raise UserError(
                self.env._(
                    "Unknown roll-up level %(level)s: use one of %(levels)s.",
                    level=level,
                    levels=", ".join(ROLLUP_LEVELS),
                )
            )
        if period not in ROLLUP_PERIODS:
            raise UserError(
                self.env._(
                    "Unknown roll-up period %(period)s: use one of %(periods)s.",
                    period=period,
                    periods=", ".join(ROLLUP_PERIODS),
                )
            )
        if not date_from or not date_to or date_to < date_from:
            raise UserError(self.env._("Choose a period whose end does not come before its start."))
        self.check_access("read")
        domain = [("date", ">=", date_from), ("date", "<=", date_to)]
        if region:
            region_id = region if isinstance(region, int) else region.id
            domain += [
                "|",
                "|",
                "|",
                ("province_id", "=", region_id),
                ("city_id", "=", region_id),
                ("district_id", "=", region_id),
                ("region_id", "=", region_id),
            ]
        self.flush_model()
        self.env["sports.region"].flush_model(["code", "name"])
        query = self._search(domain)  # applies the user's record rules
        table = self._table
        column = lambda name: SQL.identifier(table, name)  # noqa: E731
        if level == "national":
            region_expr = SQL("NULL::integer")
        elif level == "venue":
            region_expr = SQL("MAX(%s)", column("region_id"))
        else:
            region_expr = column(LEVEL_COLUMN[level])
        # Two steps: per venue and period first (a hash aggregate, no sort), then per region,
        # where each venue is one row, so counting rows counts venues (no COUNT DISTINCT).
        # Floats are summed as float8, money as numeric; the period is cut on a timestamp
        # without time zone (no zone conversion for every row).
        inner_sums = SQL(", ").join(
            SQL("SUM(%s::float8) AS %s", column(name), SQL.identifier(name))
            if name in FLOAT_SUMS
            else SQL("SUM(%s) AS %s", column(name), SQL.identifier(name))
            for name in ROLLUP_SUMS
        )
        outer_sums = SQL(", ").join(
            SQL("COALESCE(SUM(t.%s), 0)", SQL.identifier(name)) for name in ROLLUP_SUMS
        )
        inner = SQL(
            """SELECT %(venue)s AS venue_id, %(region)s AS region_id,
                      date_trunc(%(period)s, %(date)s::timestamp)::date AS period_start,
                      %(sums)s
                 FROM %(from)s
                WHERE %(where)s
             GROUP BY 1, %(group_by)s""",
            venue=column("venue_id"),
            region=region_expr,
            period=period,
            date=column("date"),
            sums=inner_sums,
            **{"from": query.from_clause, "where": query.where_clause},
            group_by=SQL("3") if level in ("national", "venue") else SQL("2, 3"),
        )
        venue_out = SQL("t.venue_id") if level == "venue" else SQL("NULL::integer")
        self.env.cr.execute(SQL("SELECT current_setting('work_mem')"))
        work_mem = self.env.cr.fetchone()[0]
        # The per-venue step holds venues x periods groups in memory, not on disk.
        self.env.cr.execute(SQL("SELECT set_config('work_mem', %s, true)", ROLLUP_WORK_MEM))
        try:
            self.env.cr.execute(
                SQL(
                    """SELECT r.id, r.code, r.name, t.period_start, %(venue)s,
                              COUNT(*) AS venues, %(sums)s
                         FROM (%(inner)s) t
                    LEFT JOIN sports_region r ON r.id = t.region_id
                     GROUP BY t.region_id, r.id, t.period_start, 5
                     ORDER BY t.period_start, r.code NULLS FIRST, 5 NULLS FIRST""",
                    venue=venue_out,
                    sums=outer_sums,
                    inner=inner,
                )
            )
            fetched = self.env.cr.fetchall()
        finally:
            self.env.cr.execute(SQL("SELECT set_config('work_mem', %s, true)", work_mem))
        names = ("region_id", "region_code", "region_name")
        result = []
        for row in fetched:
            values = dict(zip(names, row[:3], strict=True))
            values["period_start"] = row[3]
            if level == "venue":
                values["venue_id"] = row[4]
            values["venues"] = row[5]
            values.update(zip(ROLLUP_SUMS, row[6:], strict=True))
            result.append(values)
        return result

    # ------------------------------------------------------------------------------------
    # Nightly hook: the open-hours compliance of the current year
    # ------------------------------------------------------------------------------------
    def _sports_after_nightly(self, day):
        parent = getattr(super(), "_sports_after_nightly", None)
        result = parent(day) if parent else None
        self._sports_recompute_compliance(day)
        return result

    @api.model
    def _sports_recompute_compliance(self, day):
        """Recompute the compliance of ``day``'s year as of ``day``, and in the first days of
        January also the previous year (its last ISO week ends in January)."""
        Compliance = self.env["sports.compliance"]
        Compliance._compute_years(day.year, as_of=day)
        if day - date(day.year, 1, 1) < timedelta(PREVIOUS_YEAR_DAYS):
            Compliance._compute_years(day.year - 1, as_of=day)
