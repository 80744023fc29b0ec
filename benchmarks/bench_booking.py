"""Booking benchmarks (issue 4), each figure against a baseline measured in the same run.

1. concurrency (``booking_concurrency.py``): worker processes, each with its own cursor,
   race for a few hot slots through ``sports.booking.book()``; PostgreSQL's exclusion
   constraint must leave no double booking. Baselines, by the same number of processes:
   today's path, and a correct booking in raw SQL (check, lock the units, INSERT under the
   same exclusion constraint); for information a naive check-then-insert without a
   constraint (which does double book) and plain raw INSERTs, in a scratch table.
2. grid: availability of 30 spaces x 7 days x 24 hours over 5,000 bookings, in one SQL
   query versus one ORM ``search_count`` per cell; both must give the same answer.

3. profile: ``cProfile`` of sequential ``book()`` calls on free slots (each committed, as
   a member of the staff), its top functions and the queries per call; next to it
   "today's path" (``todays_book``): the same checks and price, then the plain ``create``
   with ``mail.thread`` tracking and an ``ir.sequence`` draw that book() did before issue 20.

Run it with ``scripts/bench booking`` (see benchmarks/README.md). Everything it creates
lives in the company "Arena Bench" of the benchmark database and is re-created each run.
"""

import cProfile
import sys
import time
from datetime import timedelta

import pytz
from booking_concurrency import concurrency, ensure_today_sequence, todays_book
from booking_data import (
    BLOCKING_STATES,
    GRID_DAYS,
    create_venue,
    local_day_start,
    prepare,
    setup_grid,
)
from harness import (
    TZ,
    Bench,
    BenchError,
    Case,
    Checks,
    figure,
    median_ms,
    note,
    option,
    print_profile,
    ratio,
    time_ms,
    user_env,
)

from odoo.tools import SQL

GRID_HOURS = 24  # the grid venue is open around the clock


# ----------------------------------------------------------------------------------------
# 2. grid
# ----------------------------------------------------------------------------------------
def grid_by_sql(cr, spaces, day0, hours):
    """{(space_id, hour index): number of bookings occupying the cell}, in one query.

    Each blocking occupancy row in the window is joined to every space containing its unit
    and spread over the hour cells it overlaps; a booking counts once per cell."""
    cr.execute(
        SQL(
            """
        SELECT su.space_id, h.i, count(DISTINCT o.booking_id)
          FROM sports_booking_occupancy o
          JOIN sports_space_unit_rel su ON su.unit_id = o.unit_id
         CROSS JOIN LATERAL generate_series(
                   GREATEST(0, floor(extract(epoch FROM o.start_at - %(day0)s) / 3600)::int),
                   LEAST(%(last)s, ceil(extract(epoch FROM o.end_at - %(day0)s) / 3600)::int - 1)
               ) AS h(i)
         WHERE o.is_blocking
           AND su.space_id = ANY(%(spaces)s)
           AND o.start_at < %(end)s
           AND o.end_at > %(day0)s
         GROUP BY su.space_id, h.i
        """,
            day0=day0,
            end=day0 + timedelta(hours=hours),
            last=hours - 1,
            spaces=spaces.ids,
        )
    )
    return {(space_id, i): count for space_id, i, count in cr.fetchall()}


def grid_by_orm(env, spaces, day0, hours):
    """The same answer, the naive way: one ORM ``search_count`` per (space, hour) cell."""
    Booking = env["sports.booking"]
    result = {}
    for space in spaces:
        conflicting = space._conflicting_spaces().ids
        for i in range(hours):
            start = day0 + timedelta(hours=i)
            count = Booking.search_count(
                [
                    ("space_id", "in", conflicting),
                    ("state", "in", BLOCKING_STATES),
                    ("start_at", "<", start + timedelta(hours=1)),
                    ("end_at", ">", start),
                ]
            )
            if count:
                result[(space.id, i)] = count
    return result


def grid_model_figure(env, venue, spaces, day0, sql_grid, sql_ms):
    """Time ``sports.booking.grid.get_grid`` for the 7 days when the model exists, and say
    whether its taken cells match ours. Informative only: nothing depends on it."""
    if "sports.booking.grid" not in env:
        return "sports.booking.grid is not installed: skipped"
    Grid = env["sports.booking.grid"]
    tz = pytz.timezone(TZ)
    first = pytz.utc.localize(day0).astimezone(tz).date()
    dates = [(first + timedelta(days=d)).isoformat() for d in range(GRID_DAYS)]
    try:
        Grid.get_grid(venue.id, dates[0])  # warm-up
        ms, days = time_ms(lambda: [Grid.get_grid(venue.id, date) for date in dates])
    except Exception as exc:  # the model is someone else's work in progress
        env.cr.rollback()
        return f"get_grid failed: {type(exc).__name__}: {exc}"
    try:
        taken = set()
        ids = set(spaces.ids)
        for d, day in enumerate(days):
            for item in day["bookings"] + day["blocks"]:
                if item["space_id"] in ids:
                    hours = range(item["from_minute"] // 60, -(-item["to_minute"] // 60))
                    taken.update((item["space_id"], d * 24 + h) for h in hours)
        agree = "same taken cells" if taken == set(sql_grid) else "DIFFERENT taken cells"
    except (KeyError, TypeError) as exc:
        agree = f"not compared ({type(exc).__name__}: {exc})"
    return (
        f"get_grid x {GRID_DAYS} days {ms:.1f} ms ({ms / GRID_DAYS:.1f} ms/day), {agree} | "
        f"ratio get_grid/SQL {ratio(ms, sql_ms)}"
    )


def grid(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    note(f"grid: seeding {args.bookings} bookings on 30 spaces over {GRID_DAYS} days")
    t0 = time.perf_counter()
    venue, spaces, day0 = setup_grid(env, company, args.bookings, args.seed)
    note(f"grid: seeded in {time.perf_counter() - t0:.1f} s")
    uenv = user_env(env.cr, admin.id, company.id)
    spaces = spaces.with_env(uenv)
    hours = GRID_DAYS * GRID_HOURS
    cells = len(spaces) * hours

    sql_ms, sql_grid = median_ms(args.repeat, grid_by_sql, uenv.cr, spaces, day0, hours)
    grid_by_orm(uenv, spaces[:1], day0, 2)  # warm-up
    orm_ms, orm_grid = time_ms(grid_by_orm, uenv, spaces, day0, hours)
    figure(
        "booking.grid",
        f"{len(spaces)} spaces x {GRID_DAYS} days x {GRID_HOURS} h = {cells} cells, "
        f"{args.bookings} bookings, {len(sql_grid)} cells taken: one SQL {sql_ms:.1f} ms "
        f"(median of {args.repeat}) | ORM loop {orm_ms:.0f} ms ({cells} search_count) | "
        f"ratio ORM/SQL {ratio(orm_ms, sql_ms, 0)}"
        + ("" if sql_grid == orm_grid else "  ANSWERS DIFFER"),
    )
    figure("booking.grid_model", grid_model_figure(uenv, venue, spaces, day0, sql_grid, sql_ms))
    env.cr.rollback()
    checks = Checks()
    diff = sorted(set(sql_grid.items()) ^ set(orm_grid.items()))[:5]
    checks.expect(not diff, f"the SQL and ORM grids disagree, e.g. {diff}")
    return checks


# ----------------------------------------------------------------------------------------
# 3. profile
# ----------------------------------------------------------------------------------------
def setup_profile(env, company, calls):
    """A venue of simple courts and a warm-up slot plus three sets of ``calls`` distinct
    free slots on them, 2 to 6 days ahead: [(space id, start, end)]."""
    venue = create_venue(env, company, "BENCHP", 60)
    courts = env["sports.space"].create(
        [{"name": f"Court P{i:02d}", "code": f"P{i:02d}", "venue_id": venue.id} for i in range(12)]
    )
    ensure_today_sequence(env)
    slots = [
        (court.id, local_day_start(day) + timedelta(hours=hour))
        for day in range(2, 7)
        for hour in range(8, 20)
        for court in courts
    ]
    if len(slots) < 3 * calls + 1:
        raise BenchError(f"--profile-calls {calls} is more than {len(slots) // 3 - 1} free slots")
    slots = [(space_id, start, start + timedelta(hours=1)) for space_id, start in slots]
    return venue, slots[0], [slots[1 + i * calls : 1 + (i + 1) * calls] for i in range(3)]


def run_sequential(env, book, slots, profiler=None):
    """``book(space_id, start, end)`` then commit, for each slot: (calls per second,
    queries per call)."""
    cr = env.cr
    queries = cr.sql_log_count
    t0 = time.perf_counter()
    if profiler:
        profiler.enable()
    for space_id, start, end in slots:
        book(space_id, start, end)
        cr.commit()
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - t0
    return len(slots) / seconds, (cr.sql_log_count - queries) / len(slots)


def profile(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    venue, warmup, (profiled, ours_slots, today_slots) = setup_profile(
        env, company, args.profile_calls
    )
    env.cr.commit()
    uenv = user_env(env.cr, admin.id, company.id)
    Booking = uenv["sports.booking"]
    # Warm both paths (access rights, rules, fields) outside the timing, then undo.
    Booking.book(*warmup)
    env.cr.rollback()
    todays_book(Booking, *warmup)
    env.cr.rollback()

    calls = args.profile_calls
    note(f"profile: {calls} sequential book() calls under cProfile")
    profiler = cProfile.Profile()
    run_sequential(uenv, Booking.book, profiled, profiler)
    note("profile: book() and today's path (tracking on create, ir.sequence), unprofiled")
    ours_rate, ours_q = run_sequential(uenv, Booking.book, ours_slots)
    today_rate, today_q = run_sequential(
        uenv, lambda *slot: todays_book(Booking, *slot), today_slots
    )
    print_profile(profiler, args.profile_top)
    env.cr.execute(
        SQL(
            "SELECT count(*), count(DISTINCT name) FROM sports_booking WHERE venue_id = %s",
            venue.id,
        )
    )
    booked, names = env.cr.fetchone()
    figure(
        "booking.profile",
        f"{calls} sequential book()+commit on free slots: {ours_rate:.0f} calls/s, "
        f"{ours_q:.1f} queries/call | today's path: {today_rate:.0f} calls/s, "
        f"{today_q:.1f} queries/call | ratio ours/today {ratio(ours_rate, today_rate, 2)}",
    )
    checks = Checks()
    checks.expect(
        booked == 3 * calls and names == booked,
        f"{booked} bookings with {names} distinct references for {3 * calls} calls",
    )
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("concurrency", concurrency), Case("grid", grid), Case("profile", profile)],
    options=[
        option("--profile-calls", 200, "sequential book() calls of the profile"),
        option("--profile-top", 25, "functions printed by the profile, by each sort"),
        option("--processes", 16, "worker processes of the concurrency case"),
        option("--attempts", 200, "attempts per process"),
        option("--max-seconds", 60.0, "time limit of each concurrency run"),
        option("--bookings", 5000, "bookings on the grid"),
        option("--repeat", 5, "runs of the SQL grid query"),
    ],
    seed=4,
    prepare=prepare,
    db_maxconn=lambda args: 8,
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
