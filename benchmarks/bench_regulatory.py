"""Regulatory roll-ups and the nightly statistics (issue 17).

rollup: ``--venues`` venues (1,000) spread over the GB/T 2260 districts of every province,
with ``--days`` days (365) of daily statistics each, inserted in SQL in one statement. Ours:
``sports.venue.stat._rollup(level, "month", ...)`` to national, province and city level, one
SQL statement each, as the administrator (record rules apply). The baseline, in the same
run: ``_read_group`` per venue by month, summed by region in Python, as a report would
without the roll-up. The checks: every province's and city's monthly totals equal the
baseline's, and the national total equals the table's sum. Target: the three roll-ups in
2 s or less.

nightly: one venue with ``--events`` access events (100,000) on one day, seeded in SQL;
ours: ``sports.venue.stat._compute_days(day, day, venue)`` (hourly flow, area and venue
statistics of that day). The baseline, in the same run: ``sports.access.daily._compute_days``
over the same day (the access addon's daily counts alone). The check: the day's entries
equal the granted entries of the access log. Needs STATS's ``_compute_days``; without it the
case says so and is skipped.

Run it with ``scripts/bench regulatory`` (see benchmarks/README.md). It runs in a database
of its own (``arena_bench_regulatory``), created afresh on every run; the run is rolled back
at the end.
"""

import sys
import time
from collections import defaultdict
from datetime import date, timedelta

from harness import Bench, Case, Checks, bench_company, figure, note, option, ratio, user_env

from odoo.tools import SQL

COMPANY_NAME = "Arena Bench Regulatory"
LEVELS = ("national", "province", "city")
SUMS = ("entries", "unique_visitors", "open_hours", "revenue_total", "energy_kwh")
TARGET_S = 2.0


def _regions(env):
    """[(region_id, province_id, city_id, district_id)] of every district (or city without
    districts) of the loaded GB/T 2260 table, ordered by code."""
    env.cr.execute(
        SQL(
            """SELECT r.id,
                      CASE WHEN p.level = 'province' THEN p.id ELSE gp.id END,
                      CASE WHEN p.level = 'city' THEN p.id END,
                      r.id
                 FROM sports_region r
                 JOIN sports_region p ON p.id = r.parent_id
            LEFT JOIN sports_region gp ON gp.id = p.parent_id
                WHERE r.level = 'district'
             ORDER BY r.code"""
        )
    )
    return env.cr.fetchall()


def prepare(bench):
    env = bench.env
    args = bench.args
    company, admin = bench_company(env, COMPANY_NAME)
    regions = _regions(env)
    if not regions:
        raise RuntimeError("no GB/T 2260 districts loaded (sports_venue/data/sports.region.csv)")
    # Spread the venues over the provinces: take districts round-robin by province.
    by_province = defaultdict(list)
    for row in regions:
        by_province[row[1]].append(row)
    queues = list(by_province.values())
    chosen = []
    while len(chosen) < args.venues:
        for queue in queues:
            if queue and len(chosen) < args.venues:
                chosen.append(queue[len(chosen) // len(queues) % len(queue)])
    stamp = time.strftime("%H%M%S")
    t0 = time.perf_counter()
    venues = (
        env["sports.venue"]
        .with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        .create(
            [
                {
                    "name": f"Bench venue {i:04d}",
                    "code": f"BR{stamp[-4:]}{i:04d}",
                    "company_id": company.id,
                    "region_id": region[0],
                }
                for i, region in enumerate(chosen)
            ]
        )
    )
    note(
        f"{len(venues):,} venues in {len(by_province)} provinces in {time.perf_counter() - t0:.1f} s"
    )
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=args.days - 1)
    t0 = time.perf_counter()
    env["sports.venue.stat"].flush_model()
    # The rows reference existing records by construction: skip the foreign key triggers
    # for this one statement (the role owns the database, see lib.sh).
    env.cr.execute(SQL("SET LOCAL session_replication_role = replica"))
    env.cr.execute(
        SQL(
            """
        INSERT INTO sports_venue_stat (
            venue_id, company_id, date, region_id, province_id, city_id, district_id,
            is_open, open_hours, entries, unique_visitors, revenue_total, energy_kwh,
            create_uid, write_uid, create_date, write_date)
        SELECT v.venue_id, %(company)s, d::date, v.region_id, v.province_id, v.city_id,
               v.district_id, TRUE, 8 + (v.venue_id + extract(doy FROM d)::int) %% 6,
               100 + (hashint8extended(v.venue_id * 1000 + extract(doy FROM d)::int, 1)
                      & 2147483647) %% 900,
               50 + (v.venue_id * 7 + extract(doy FROM d)::int * 13) %% 400,
               ((v.venue_id * 31 + extract(doy FROM d)::int * 17) %% 50000) / 10.0,
               ((v.venue_id + extract(doy FROM d)::int) %% 200) / 4.0,
               %(uid)s, %(uid)s, now(), now()
          FROM unnest(%(venue_ids)s::int[], %(region_ids)s::int[], %(province_ids)s::int[],
                      %(city_ids)s::int[], %(district_ids)s::int[])
               AS v(venue_id, region_id, province_id, city_id, district_id)
    CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') d
        """,
            company=company.id,
            uid=env.uid,
            venue_ids=venues.ids,
            region_ids=[r[0] for r in chosen],
            province_ids=[r[1] for r in chosen],
            city_ids=[r[2] for r in chosen],
            district_ids=[r[3] for r in chosen],
            first=first,
            last=last,
        )
    )
    rows = env.cr.rowcount
    env.cr.execute(SQL("SET LOCAL session_replication_role = origin"))
    env.cr.commit()
    env.cr.execute(SQL("ANALYZE sports_venue_stat"))
    note(f"{rows:,} daily statistics rows inserted in {time.perf_counter() - t0:.1f} s")
    bench.data.update(
        company=company,
        admin=admin,
        venues=venues,
        first=first,
        last=last,
        rows=rows,
        chosen=dict(zip(venues.ids, chosen, strict=True)),
    )


def rollup_case(bench):
    checks = Checks()
    data = bench.data
    cr = bench.env.cr
    env = user_env(cr, data["admin"].id, data["company"].id)
    Stat = env["sports.venue.stat"]
    first, last = data["first"], data["last"]
    Stat._rollup("national", "month", first, last)  # warm-up: caches and plans
    ours, results = {}, {}
    for level in LEVELS:
        env.invalidate_all()
        t0 = time.perf_counter()
        results[level] = Stat._rollup(level, "month", first, last)
        ours[level] = time.perf_counter() - t0
    # Baseline: one _read_group per venue by month, summed by region in Python.
    env.invalidate_all()
    t0 = time.perf_counter()
    base = {level: defaultdict(lambda: defaultdict(float)) for level in LEVELS}
    for venue_id in data["venues"].ids:
        _region, province, city, _district = data["chosen"][venue_id]
        groups = Stat._read_group(
            [("venue_id", "=", venue_id), ("date", ">=", first), ("date", "<=", last)],
            ["date:month"],
            [f"{name}:sum" for name in SUMS],
        )
        for month, *sums in groups:
            key_month = month.date() if hasattr(month, "date") else month
            for level, region in (("national", None), ("province", province), ("city", city)):
                totals = base[level][region, key_month]
                for name, value in zip(SUMS, sums, strict=True):
                    totals[name] += value or 0
    baseline_s = time.perf_counter() - t0
    total_s = sum(ours.values())
    for level in LEVELS:
        figure(
            f"regulatory.rollup.{level}",
            f"ours: {len(results[level]):,} rows in {ours[level] * 1000:.0f} ms; "
            f"baseline/ours {ratio(baseline_s, ours[level])}",
        )
    figure(
        "regulatory.rollup.baseline",
        f"_read_group per venue: {len(data['venues']):,} calls in {baseline_s:.2f} s "
        f"over {data['rows']:,} rows",
    )
    figure(
        "regulatory.rollup.total",
        f"ours {total_s:.2f} s for the three levels, baseline/ours {ratio(baseline_s, total_s)}; "
        f"target <= {TARGET_S:.0f} s: {'met' if total_s <= TARGET_S else 'missed'}",
    )
    for level in LEVELS:
        for row in results[level]:
            expected = base[level].get((row["region_id"], row["period_start"]))
            if not checks.expect(
                expected, f"{level} {row['region_code']} {row['period_start']}: no baseline"
            ):
                continue
            for name in SUMS:
                checks.expect(
                    abs(float(row[name]) - expected[name]) < 0.01,
                    f"{level} {row['region_code']} {row['period_start']} {name}: "
                    f"{row[name]} != {expected[name]}",
                )
        checks.expect(
            len(results[level]) == len(base[level]),
            f"{level}: {len(results[level])} rows, baseline {len(base[level])}",
        )
    cr.execute(SQL("SELECT SUM(entries) FROM sports_venue_stat"))
    table_total = cr.fetchone()[0]
    national = sum(row["entries"] for row in results["national"])
    checks.expect(national == table_total, f"national {national} != table {table_total}")
    return checks


def nightly_case(bench):
    checks = Checks()
    env = bench.env
    Stat = env["sports.venue.stat"]
    if not hasattr(Stat, "_compute_days"):
        figure(
            "regulatory.nightly",
            "skipped: sports.venue.stat._compute_days is missing (the STATS part of issue 17)",
        )
        return checks
    from access_daily import seed_events, setup_stats_venue

    venue, points = setup_stats_venue(env)
    day = date.today() - timedelta(days=2)
    seeded = seed_events(env, venue, points, bench.args.events, bench.args.events // 3, 1, day)
    env.invalidate_all()
    t0 = time.perf_counter()
    stats = Stat._compute_days(day, day, venues=venue)
    env.flush_all()
    ours_ms = (time.perf_counter() - t0) * 1000
    env.invalidate_all()
    t0 = time.perf_counter()
    env["sports.access.daily"]._compute_days(day, day, venues=venue)
    env.flush_all()
    base_ms = (time.perf_counter() - t0) * 1000
    figure(
        "regulatory.nightly",
        f"ours: {seeded:,} events of one venue's day in {ours_ms:.0f} ms "
        f"(hourly flow, area and venue statistics)",
    )
    figure(
        "regulatory.nightly.base",
        f"sports.access.daily._compute_days of the same day: {base_ms:.0f} ms; "
        f"ours/baseline {ratio(ours_ms, base_ms)}",
    )
    env.cr.execute(
        SQL(
            "SELECT COUNT(*) FROM sports_access_event WHERE venue_id = %s "
            "AND direction = 'in' AND decision = 'granted'",
            venue.id,
        )
    )
    granted = env.cr.fetchone()[0]
    stat = stats.filtered(lambda s: s.venue_id == venue and s.date == day)
    checks.expect(len(stat) == 1, f"{len(stat)} statistics rows for the day")
    checks.expect(stat[:1].entries == granted, f"entries {stat[:1].entries} != granted {granted}")
    env.cr.rollback()
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("rollup", rollup_case), Case("nightly", nightly_case)],
    options=[
        option("--venues", 1000, "venues across provinces, cities and districts"),
        option("--days", 365, "days of statistics per venue"),
        option("--events", 100_000, "access events of the nightly case's venue and day"),
    ],
    prepare=prepare,
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
