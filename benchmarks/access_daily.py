"""The daily statistics case of the access benchmark (``scripts/bench access --only daily``).

``sports.access.daily._compute_days`` over a million events of one venue on 30 days, seeded
in SQL, against an ORM ``search_fetch`` a day counted in Python and the ORM's
``_read_group``; every figure of every day must agree.
"""

import statistics
import time
import uuid
from datetime import timedelta

import pytz
from addon_api import day_bounds
from harness import TZ, Checks, figure, note, ratio, time_ms

from odoo import fields
from odoo.tools import SQL

STATS_VENUE_CODE = "BENCHS"


def setup_stats_venue(env):
    """A second venue with two halls, each behind an entry and an exit."""
    venue = env["sports.venue"].create({"name": "Bench Flow", "code": STATS_VENUE_CODE, "tz": TZ})
    points = []
    for hall in ("A", "B"):
        area = env["sports.area"].create(
            {"name": f"Hall {hall}", "venue_id": venue.id, "access_sharing_minutes": 0}
        )
        for direction in ("in", "out"):
            points.append(
                env["sports.access.point"].create(
                    {
                        "name": f"Hall {hall} {direction}",
                        "code": f"hall-{hall.lower()}-{direction}",
                        "area_id": area.id,
                        "direction": direction,
                    }
                )
            )
    return venue, points


def seed_events(env, venue, points, events, persons, days, first_day):
    """``events`` passages in one ``INSERT ... SELECT generate_series``: visits of two rows,
    an entry then an exit 20 to 170 minutes later, at a random local time from 06:00 to
    20:00 of one of ``days`` days, by one of ``persons`` people, in one of the two halls;
    one visit in 40 is two refused entries (passback) instead."""
    day0 = day_bounds(env, TZ, first_day)[0]
    hall_a_in, hall_a_out, hall_b_in, hall_b_out = points
    # The rows reference existing records by construction: skip the six foreign key
    # triggers a row for this one statement (the role owns the database, see lib.sh).
    env.cr.execute(SQL("SET LOCAL session_replication_role = replica"))
    env.cr.execute(SQL("SET LOCAL work_mem = '256MB'"))  # the sort by time, in memory
    env.cr.execute(
        SQL(
            """
        WITH g AS (
            SELECT n, n / 2 AS visit, n %% 2 AS leg FROM generate_series(0, %(events)s - 1) n
        ), h AS (
            SELECT g.*,
                   (hashint8extended(visit, 1) & 2147483647) %% %(persons)s AS person,
                   (hashint8extended(visit, 2) & 2147483647) %% 2 AS hall,
                   (hashint8extended(visit, 3) & 2147483647) %% (14 * 3600) AS second,
                   20 + (hashint8extended(visit, 4) & 2147483647) %% 150 AS stay,
                   (hashint8extended(visit, 5) & 2147483647) %% 40 = 0 AS refused
              FROM g
        ), e AS (
            SELECT h.*,
                   %(day0)s::timestamp + make_interval(days => (visit %% %(days)s)::int)
                       + make_interval(secs => 6 * 3600 + second)
                       + CASE WHEN leg = 1 AND refused THEN interval '1 minute'
                              WHEN leg = 1 THEN make_interval(mins => stay::int)
                              ELSE interval '0' END AS at,
                   CASE WHEN leg = 1 AND NOT refused THEN 'out' ELSE 'in' END AS direction
              FROM h
        )
        INSERT INTO sports_access_event (
            uuid, point_id, area_id, venue_id, company_id, credential_kind, credential_ref,
            person_key, direction, decision, reason, device_time, server_time, source,
            create_uid, write_uid, create_date, write_date)
        SELECT %(prefix)s || lpad(to_hex(n), 12, '0'),
               CASE WHEN hall = 0 AND direction = 'in' THEN %(a_in)s
                    WHEN hall = 0 THEN %(a_out)s
                    WHEN direction = 'in' THEN %(b_in)s ELSE %(b_out)s END,
               CASE WHEN hall = 0 THEN %(a_area)s ELSE %(b_area)s END,
               %(venue)s, %(company)s, 'uid', 'uid:' || person, 'ruid:' || person,
               direction,
               CASE WHEN refused THEN 'denied' ELSE 'granted' END,
               CASE WHEN refused THEN 'passback' END,
               at, at, 'offline', %(uid)s, %(uid)s, at, at
          FROM e
         ORDER BY at
        """,
            events=events,
            prefix=str(uuid.uuid4())[:24],
            persons=persons,
            days=days,
            day0=day0,
            venue=venue.id,
            company=venue.company_id.id,
            a_in=hall_a_in.id,
            a_out=hall_a_out.id,
            b_in=hall_b_in.id,
            b_out=hall_b_out.id,
            a_area=hall_a_in.area_id.id,
            b_area=hall_b_in.area_id.id,
            uid=env.uid,
        )
    )
    seeded = env.cr.rowcount
    env.cr.execute(SQL("SET LOCAL session_replication_role = origin"))
    env.cr.commit()
    env.cr.execute(SQL("ANALYZE sports_access_event"))
    return seeded


STAT_FIELDS = ("unique_visitors", "entries", "exits", "denied", "peak_occupancy", "hourly_entries")


def daily_by_model(Daily, venue, date_from, date_to):
    rows = Daily._compute_days(date_from, date_to, venue)
    return {row.date: {name: row[name] for name in STAT_FIELDS} for row in rows}


def daily_by_orm(env, venue, date_from, date_to):
    """The naive answer: per local day, fetch the day's events through the ORM and count
    in Python."""
    Event = env["sports.access.event"]
    tz = pytz.timezone(venue.tz)
    result = {}
    day = date_from
    while day <= date_to:
        start, end = day_bounds(env, venue.tz, day)
        events = Event.search_fetch(
            [("venue_id", "=", venue.id), ("device_time", ">=", start), ("device_time", "<", end)],
            ["direction", "decision", "person_key", "device_time"],
            order="device_time, id",
        )
        visitors, hourly = set(), [0] * 24
        entries = exits = denied = inside = peak = 0
        minute = None
        for event in events:
            if event.decision == "denied":
                denied += 1
                continue
            # Peak occupancy is counted at the end of each minute, as Arena defines it.
            this_minute = event.device_time.replace(second=0, microsecond=0)
            if this_minute != minute:
                peak = max(peak, inside)
                minute = this_minute
            if event.direction == "in":
                entries += 1
                visitors.add(event.person_key)
                hourly[pytz.utc.localize(event.device_time).astimezone(tz).hour] += 1
                inside += 1
            else:
                exits += 1
                inside -= 1
        peak = max(peak, inside)
        result[day] = {
            "unique_visitors": len(visitors),
            "entries": entries,
            "exits": exits,
            "denied": denied,
            "peak_occupancy": peak,
            "hourly_entries": hourly,
        }
        env.invalidate_all()  # a day's records at a time, as a report job would
        day += timedelta(days=1)
    return result


def daily_by_read_group(env, venue, date_from, date_to):
    """Unique visitors and entries per day with the ORM's aggregate, one query a day."""
    Event = env["sports.access.event"]
    result = {}
    day = date_from
    while day <= date_to:
        start, end = day_bounds(env, venue.tz, day)
        [(visitors, entries)] = Event._read_group(
            [
                ("venue_id", "=", venue.id),
                ("device_time", ">=", start),
                ("device_time", "<", end),
                ("decision", "=", "granted"),
                ("direction", "=", "in"),
            ],
            [],
            ["person_key:count_distinct", "__count"],
        )
        result[day] = {"unique_visitors": visitors, "entries": entries}
        day += timedelta(days=1)
    return result


def differences(ours, other, names):
    """``[(day, field, ours, other)]`` where the answers differ."""
    diff = []
    for day in sorted(set(ours) | set(other)):
        for name in names:
            mine = ours.get(day, {}).get(name)
            theirs = other.get(day, {}).get(name)
            if mine != theirs:
                diff.append((str(day), name, mine, theirs))
    return diff


def daily(bench):
    env, args = bench.env, bench.args
    venue, points = setup_stats_venue(env)
    today = fields.Date.context_today(env["sports.access.daily"].with_context(tz=TZ))
    date_to = today - timedelta(days=1)
    date_from = date_to - timedelta(days=args.days - 1)
    note(f"daily: seeding {args.million} events of {args.persons} people over {args.days} days")
    t0 = time.perf_counter()
    seeded = seed_events(env, venue, points, args.million, args.persons, args.days, date_from)
    env.cr.execute(
        SQL(
            "SELECT count(DISTINCT person_key) FROM sports_access_event WHERE venue_id = %s",
            venue.id,
        )
    )
    people = env.cr.fetchone()[0]
    note(f"daily: seeded in {time.perf_counter() - t0:.1f} s")

    Daily = env["sports.access.daily"]
    note(f"daily: _compute_days over {args.days} days, a warm-up and {args.repeat} runs")
    daily_by_model(Daily, venue, date_from, date_to)  # warm-up
    env.cr.commit()
    runs = []
    for _i in range(args.repeat):
        runs.append(time_ms(daily_by_model, Daily, venue, date_from, date_to))
        env.cr.commit()  # each run (re)writes the daily rows
    ours_s = statistics.median(ms for ms, _result in runs) / 1000
    ours = runs[0][1]

    note("daily: the ORM baseline, one search_fetch a day and Python counting")
    env.invalidate_all()
    orm_ms, orm = time_ms(daily_by_orm, env, venue, date_from, date_to)
    rg_ms, read_group = time_ms(daily_by_read_group, env, venue, date_from, date_to)
    orm_s, rg_s = orm_ms / 1000, rg_ms / 1000

    key_diff = differences(ours, orm, ("unique_visitors", "entries"))
    rest_diff = differences(ours, orm, STAT_FIELDS[2:])
    rg_diff = differences(ours, read_group, ("unique_visitors", "entries"))
    visitors = sum(day["unique_visitors"] for day in ours.values())
    entries = sum(day["entries"] for day in ours.values())
    figure(
        "access.daily",
        f"{seeded} events of {people} people on {args.days} days ({entries} entries, "
        f"{visitors} daily unique visitors): _compute_days {ours_s:.2f} s (median of "
        f"{args.repeat}) | ORM search_fetch a day + Python {orm_s:.2f} s | ratio ORM/ours "
        f"{ratio(orm_s, ours_s)}",
    )
    figure(
        "access.daily_check",
        f"unique visitors and entries: "
        f"{'identical' if not key_diff else f'{len(key_diff)} DIFFERENCES'} on {len(ours)} "
        f"days; exits, denied, peak, hourly: "
        f"{'identical' if not rest_diff else f'{len(rest_diff)} DIFFERENCES'}",
    )
    figure(
        "access.daily_rg",
        f"ORM _read_group a day (unique visitors and entries only) {rg_s:.2f} s, "
        f"{'same' if not rg_diff else 'DIFFERENT'} counts | ratio read_group/ours "
        f"{ratio(rg_s, ours_s, 2)}",
    )
    env.cr.rollback()
    checks = Checks()
    for label, diff in (("ORM", key_diff + rest_diff), ("_read_group", rg_diff)):
        checks.expect(not diff, f"_compute_days and the {label} baseline disagree, e.g. {diff[:3]}")
    return checks
