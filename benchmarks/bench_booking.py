"""Booking benchmarks (issue 4), each figure against a baseline measured in the same run.

1. concurrency: worker threads, each with its own cursor, race for a few hot slots through
   ``sports.booking.book()``; PostgreSQL's exclusion constraint must leave no double
   booking. Baselines: a naive check-then-insert without a constraint (which does double
   book) and raw INSERT throughput, in a scratch table, by the same threads.
2. grid: availability of 30 spaces x 7 days x 24 hours over 5,000 bookings, in one SQL
   query versus one ORM ``search_count`` per cell; both must give the same answer.

Run it with ``scripts/bench booking`` (see benchmarks/README.md). Everything it creates
lives in the company "Arena Bench" of the benchmark database and is re-created each run.
"""

import sys
import time
from datetime import timedelta

import psycopg2.errors
import pytz
from booking_data import (
    BLOCKING_STATES,
    GRID_DAYS,
    NAIVE_TABLE,
    create_full_court,
    create_venue,
    local_day_start,
    prepare,
    setup_grid,
    units_of,
)
from harness import (
    TZ,
    Bench,
    Case,
    Checks,
    ThreadRun,
    figure,
    median_ms,
    note,
    option,
    ratio,
    time_ms,
    user_env,
)

from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Hot slots of the concurrency venue: (space code, local hour tomorrow). The full courts
# A and B are each made of two halves, C and D are simple courts; at 10:00 the full court A
# and both its halves are wanted, and so on. At most 7 of the 10 can be booked together.
HOT_SLOTS = [
    ("A", 10),
    ("A1", 10),
    ("A2", 10),
    ("B", 10),
    ("B1", 10),
    ("A", 11),
    ("A2", 11),
    ("C", 10),
    ("D", 10),
    ("C", 11),
]
GRID_HOURS = 24  # the grid venue is open around the clock


# ----------------------------------------------------------------------------------------
# 1. concurrency
# ----------------------------------------------------------------------------------------
def setup_concurrency(env, company):
    """The venue of the hot slots: [(space id, start, end, unit ids)] and a warm-up slot."""
    venue = create_venue(env, company, "BENCHC", 60)
    spaces = {**create_full_court(env, venue, "A"), **create_full_court(env, venue, "B")}
    for code in ("C", "D"):
        spaces[code] = env["sports.space"].create(
            {"name": f"Court {code}", "code": code, "venue_id": venue.id}
        )
    units = units_of(env, env["sports.space"].browse([s.id for s in spaces.values()]))
    day = local_day_start(1)
    slots = [
        (
            spaces[code].id,
            day + timedelta(hours=h),
            day + timedelta(hours=h + 1),
            units[spaces[code].id],
        )
        for code, h in HOT_SLOTS
    ]
    warmup = (spaces["D"].id, day + timedelta(hours=20), day + timedelta(hours=21))
    return venue, slots, warmup


def ours_attempts(uid, company_id, slots):
    """An attempt is ``book()`` of a random hot slot, then commit."""

    def make_attempt(cr):
        Booking = user_env(cr, uid, company_id)["sports.booking"]

        def attempt(rng):
            space_id, start, end, _units = rng.choice(slots)
            try:
                Booking.book(space_id, start, end)
                cr.commit()
                return "booked"
            except ValidationError as exc:
                cr.rollback()
                # book() turns the exclusion violation into a ValidationError "from None":
                # the violation is still its __context__. Those are the races that the
                # Python pre-check missed and only PostgreSQL caught.
                if isinstance(exc.__context__, psycopg2.errors.ExclusionViolation):
                    return "constraint"
                return "clash"
            except (
                psycopg2.errors.TransactionRollbackError,  # serialization failure, deadlock
                psycopg2.errors.LockNotAvailable,
                psycopg2.errors.ExclusionViolation,
            ):
                cr.rollback()  # a lost race: a rejection, not a bug
                return "db_conflict"

        return attempt

    return make_attempt


def naive_attempts(slots, check):
    """Count the overlapping rows of the slot's units (when ``check``), insert, commit."""

    def make_attempt(cr):
        def attempt(rng):
            _space_id, start, end, units = rng.choice(slots)
            if check:
                cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s WHERE unit_id = ANY(%s) "
                        "AND start_at < %s AND end_at > %s",
                        *(NAIVE_TABLE, units, end, start),
                    )
                )
                if cr.fetchone()[0]:
                    cr.commit()
                    return "clash"
            cr.execute(
                SQL(
                    "INSERT INTO %s (unit_id, start_at, end_at) SELECT unnest(%s::int[]), %s, %s",
                    *(NAIVE_TABLE, units, start, end),
                )
            )
            cr.commit()
            return "booked"

        return attempt

    return make_attempt


def double_bookings(cr, table, where):
    """Pairs of blocking rows of one unit whose time ranges overlap."""
    cr.execute(
        SQL(
            """
        SELECT count(*)
          FROM %(table)s a
          JOIN %(table)s b ON b.unit_id = a.unit_id AND b.ctid > a.ctid
                          AND a.start_at < b.end_at AND b.start_at < a.end_at
         WHERE %(where)s
        """,
            table=table,
            where=where,
        )
    )
    return cr.fetchone()[0]


def reset_naive_table(cr):
    cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    cr.execute(
        SQL("CREATE TABLE %s (unit_id int, start_at timestamp, end_at timestamp)", NAIVE_TABLE)
    )
    cr.commit()


def concurrency(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    venue, slots, warmup = setup_concurrency(env, company)
    env.cr.commit()
    # Warm the shared caches (access rights, rules, fields) outside the timing.
    user_env(env.cr, admin.id, company.id)["sports.booking"].book(*warmup)
    env.cr.rollback()
    runner = ThreadRun(bench.registry, args.threads, args.attempts, args.max_seconds, args.seed)

    note(f"concurrency: {args.threads} threads x {args.attempts} book() attempts")
    ours, ours_s, ours_err, ours_cut = runner.run(ours_attempts(admin.id, company.id, slots))
    env.cr.rollback()
    ours_doubles = double_bookings(
        env.cr,
        SQL.identifier("sports_booking_occupancy"),
        SQL("a.is_blocking AND b.is_blocking AND a.company_id = %s", company.id),
    )
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_booking WHERE venue_id = %s AND state IN %s",
            *(venue.id, BLOCKING_STATES),
        )
    )
    ours_booked_db = env.cr.fetchone()[0]

    note("concurrency: naive check-then-insert without a constraint")
    reset_naive_table(env.cr)
    naive, naive_s, naive_err, naive_cut = runner.run(naive_attempts(slots, check=True))
    naive_doubles = double_bookings(env.cr, NAIVE_TABLE, SQL("TRUE"))

    note("concurrency: raw INSERT, no check")
    reset_naive_table(env.cr)
    raw, raw_s, raw_err, raw_cut = runner.run(naive_attempts(slots, check=False))
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    env.cr.commit()

    def n(counts):
        return sum(counts.values())

    def cut(hit):
        return " (time limit hit)" if hit else ""

    ours_rate, naive_rate, raw_rate = n(ours) / ours_s, n(naive) / naive_s, n(raw) / raw_s
    rejected = ours["clash"] + ours["constraint"] + ours["db_conflict"]
    figure(
        "booking.concurrency",
        f"ours: {n(ours)}/{args.threads * args.attempts} attempts in {ours_s:.1f} s, "
        f"{ours['booked']} booked, {rejected} rejected ({ours['constraint']} by the exclusion "
        f"constraint, {ours['db_conflict']} other database conflicts), {ours_doubles} double "
        f"bookings, {ours_rate:.0f} attempts/s, {ours['booked'] / ours_s:.2f} booked/s"
        + cut(ours_cut),
    )
    figure(
        "booking.naive",
        f"check-then-insert, no constraint: {n(naive)} attempts, {naive['booked']} inserted, "
        f"{naive_doubles} double bookings, {naive_rate:.0f} attempts/s" + cut(naive_cut),
    )
    figure("booking.raw_insert", f"{n(raw)} INSERT+COMMIT, {raw_rate:.0f} inserts/s" + cut(raw_cut))
    figure(
        "booking.ratio",
        f"ours/naive {ratio(ours_rate, naive_rate, 2)}, "
        f"ours/raw insert {ratio(ours_rate, raw_rate, 2)}",
    )

    checks = Checks()
    checks.no_errors(ours=ours_err, naive=naive_err, raw=raw_err)
    checks.expect(
        not ours_doubles, f"{ours_doubles} double bookings under the exclusion constraint"
    )
    checks.expect(
        ours_booked_db == ours["booked"],
        f"{ours['booked']} bookings committed but {ours_booked_db} in the table",
    )
    checks.expect(ours["booked"], "no booking succeeded")
    if not naive_doubles:
        note("the naive baseline happened not to double book this run (a lucky schedule)")
    return checks


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


BENCH = Bench(
    __doc__,
    cases=[Case("concurrency", concurrency), Case("grid", grid)],
    options=[
        option("--threads", 16, "worker threads"),
        option("--attempts", 200, "attempts per thread"),
        option("--max-seconds", 60.0, "time limit of each concurrency run"),
        option("--bookings", 5000, "bookings on the grid"),
        option("--repeat", 5, "runs of the SQL grid query"),
    ],
    seed=4,
    prepare=prepare,
    db_maxconn=lambda args: args.threads + 8,
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
