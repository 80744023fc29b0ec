"""Booking benchmarks (issue 4), each figure against a baseline measured in the same run.

1. concurrency: worker threads, each with its own cursor, race for a few hot slots through
   ``sports.booking.book()``; PostgreSQL's exclusion constraint must leave no double
   booking. Baselines: a naive check-then-insert without a constraint (which does double
   book) and raw INSERT throughput, in a scratch table, by the same threads.
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
import io
import pstats
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
    BenchError,
    Case,
    Checks,
    ThreadRun,
    figure,
    median_ms,
    note,
    option,
    out,
    ratio,
    time_ms,
    user_env,
)

from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_compare

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


def ours_attempts(uid, company_id, slots, queries, today=False):
    """An attempt is ``book()`` of a random hot slot, then commit (with ``today``, the
    baseline ``todays_book``). The queries of each attempt are added to ``queries``."""

    def make_attempt(cr):
        Booking = user_env(cr, uid, company_id)["sports.booking"]
        book = (lambda *slot: todays_book(Booking, *slot)) if today else Booking.book

        def attempt(rng):
            count = cr.sql_log_count
            try:
                return attempt_once(rng)
            finally:
                queries.append(cr.sql_log_count - count)

        def attempt_once(rng):
            space_id, start, end, _units = rng.choice(slots)
            try:
                book(space_id, start, end)
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
    """Count the overlapping rows of the slot's units (when ``check``), insert, commit. On a
    table with the exclusion constraint, a refused insert rolls back."""

    def make_attempt(cr):
        def attempt(rng):
            _space_id, start, end, units = rng.choice(slots)
            try:
                return attempt_once(start, end, units)
            except psycopg2.errors.ExclusionViolation:
                cr.rollback()
                return "constraint"
            except psycopg2.errors.DeadlockDetected:
                # Two inserts that conflict under an exclusion constraint each wait for the
                # other's transaction: PostgreSQL breaks the cycle by failing one of them.
                cr.rollback()
                return "db_conflict"

        def attempt_once(start, end, units):
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
                ),
                log_exceptions=False,
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


def reset_naive_table(cr, exclude=False):
    """The scratch table; with ``exclude``, under the same exclusion constraint as the
    occupancy rows (btree_gist is installed by sports_booking)."""
    cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    cr.execute(
        SQL("CREATE TABLE %s (unit_id int, start_at timestamp, end_at timestamp)", NAIVE_TABLE)
    )
    if exclude:
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD EXCLUDE USING gist (unit_id WITH =, "
                "tstzrange(start_at AT TIME ZONE 'UTC', end_at AT TIME ZONE 'UTC', '[)') WITH &&)",
                NAIVE_TABLE,
            )
        )
    cr.commit()


def reset_hot_slots(env, venue):
    """Remove the bookings of the concurrency venue, between the runs of ours and today's
    path (confirmed bookings cannot be deleted through the ORM, by design)."""
    env.flush_all()
    env.cr.execute(
        SQL(
            "DELETE FROM sports_booking_occupancy WHERE booking_id IN "
            "(SELECT id FROM sports_booking WHERE venue_id = %(venue)s); "
            "DELETE FROM mail_message WHERE model = 'sports.booking' AND res_id IN "
            "(SELECT id FROM sports_booking WHERE venue_id = %(venue)s); "
            "DELETE FROM mail_followers WHERE res_model = 'sports.booking' AND res_id IN "
            "(SELECT id FROM sports_booking WHERE venue_id = %(venue)s); "
            "DELETE FROM sports_booking WHERE venue_id = %(venue)s",
            venue=venue.id,
        )
    )
    env.cr.commit()
    env.invalidate_all()


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
    ours_q = []
    ours, ours_s, ours_err, ours_cut = runner.run(
        ours_attempts(admin.id, company.id, slots, ours_q)
    )
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

    note("concurrency: today's path (tracking on create, ir.sequence), same threads")
    reset_hot_slots(env, venue)
    today_q = []
    today, today_s, today_err, today_cut = runner.run(
        ours_attempts(admin.id, company.id, slots, today_q, today=True)
    )
    env.cr.rollback()
    today_doubles = double_bookings(
        env.cr,
        SQL.identifier("sports_booking_occupancy"),
        SQL("a.is_blocking AND b.is_blocking AND a.company_id = %s", company.id),
    )

    note("concurrency: naive check-then-insert without a constraint")
    reset_naive_table(env.cr)
    naive, naive_s, naive_err, naive_cut = runner.run(naive_attempts(slots, check=True))
    naive_doubles = double_bookings(env.cr, NAIVE_TABLE, SQL("TRUE"))

    note("concurrency: raw INSERT, no check")
    reset_naive_table(env.cr)
    raw, raw_s, raw_err, raw_cut = runner.run(naive_attempts(slots, check=False))

    note("concurrency: raw check-then-INSERT under the exclusion constraint")
    reset_naive_table(env.cr, exclude=True)
    # What a hand-written SQL booking does: look, insert under the constraint, commit. (Blind
    # inserts into hot slots under the constraint mostly deadlock one another: one attempt
    # in a second, not a baseline.)
    rawx, rawx_s, rawx_err, rawx_cut = runner.run(naive_attempts(slots, check=True))
    rawx_doubles = double_bookings(env.cr, NAIVE_TABLE, SQL("TRUE"))
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    env.cr.commit()

    def n(counts):
        return sum(counts.values())

    def cut(hit):
        return " (time limit hit)" if hit else ""

    ours_rate, naive_rate, raw_rate = n(ours) / ours_s, n(naive) / naive_s, n(raw) / raw_s
    today_rate, rawx_rate = n(today) / today_s, n(rawx) / rawx_s

    def mean(values):
        return sum(values) / max(len(values), 1)

    def attempts_line(label, counts, seconds, doubles, queries, hit):
        rejected = counts["clash"] + counts["constraint"] + counts["db_conflict"]
        return (
            f"{label}: {n(counts)}/{args.threads * args.attempts} attempts in {seconds:.1f} s, "
            f"{counts['booked']} booked, {rejected} rejected ({counts['constraint']} by the "
            f"exclusion constraint, {counts['db_conflict']} other database conflicts), "
            f"{doubles} double bookings, {n(counts) / seconds:.0f} attempts/s, "
            f"{counts['booked'] / seconds:.2f} booked/s, {mean(queries):.1f} queries/attempt"
            + cut(hit)
        )

    figure(
        "booking.concurrency",
        attempts_line("ours", ours, ours_s, ours_doubles, ours_q, ours_cut),
    )
    figure(
        "booking.today",
        attempts_line("today's path", today, today_s, today_doubles, today_q, today_cut),
    )
    figure(
        "booking.naive",
        f"check-then-insert, no constraint: {n(naive)} attempts, {naive['booked']} inserted, "
        f"{naive_doubles} double bookings, {naive_rate:.0f} attempts/s" + cut(naive_cut),
    )
    figure("booking.raw_insert", f"{n(raw)} INSERT+COMMIT, {raw_rate:.0f} inserts/s" + cut(raw_cut))
    figure(
        "booking.raw_exclude",
        f"{n(rawx)} check-then-INSERT+COMMIT under the exclusion constraint, "
        f"{rawx['booked']} inserted, {rawx['clash']} seen taken, {rawx['constraint']} refused "
        f"by the constraint, {rawx['db_conflict']} deadlocks, {rawx_doubles} double bookings, "
        f"{rawx_rate:.0f} attempts/s" + cut(rawx_cut),
    )
    figure(
        "booking.ratio",
        f"ours/raw INSERT+EXCLUDE {ratio(ours_rate, rawx_rate, 3)}, "
        f"today/raw INSERT+EXCLUDE {ratio(today_rate, rawx_rate, 3)}, "
        f"ours/today {ratio(ours_rate, today_rate, 2)}, "
        f"ours/naive {ratio(ours_rate, naive_rate, 2)}, "
        f"ours/raw insert {ratio(ours_rate, raw_rate, 2)}",
    )

    checks = Checks()
    checks.no_errors(
        ours=ours_err, today=today_err, naive=naive_err, raw=raw_err, raw_exclude=rawx_err
    )
    checks.expect(
        not ours_doubles, f"{ours_doubles} double bookings under the exclusion constraint"
    )
    checks.expect(not today_doubles, f"today's path: {today_doubles} double bookings")
    checks.expect(not rawx_doubles, f"raw INSERT+EXCLUDE: {rawx_doubles} double bookings")
    checks.expect(
        ours_rate >= 0.1 * rawx_rate,
        f"book() makes {ours_rate:.0f} attempts/s, below 0.1x the {rawx_rate:.0f}/s of raw "
        "INSERT+EXCLUDE",
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


# ----------------------------------------------------------------------------------------
# 3. profile
# ----------------------------------------------------------------------------------------
TODAY_SEQUENCE = "bench.sports.booking.today"


def todays_book(Booking, space_id, start, end, partner_id=False, channel="backend"):
    """book() as it was before issue 20, for the baseline: the same checks and price, then
    a plain ``create`` with ``mail.thread`` tracking, the creation message and the
    creator's subscription, and the reference drawn from an ``ir.sequence``."""
    env = Booking.env
    Booking.check_access("create")
    space = env["sports.space"].browse(space_id).exists()
    partner = env["res.partner"].browse(partner_id).exists()
    space.check_access("read")
    Booking._check_rules(space, start, end, partner, channel)
    amount = env["sports.price.rule"]._compute_price(space, start, end, partner)
    float_compare(amount, amount, precision_rounding=space.company_id.currency_id.rounding)
    # sudo: as book() did, a trusted create after the checks above.
    return (
        Booking.sudo()
        .create(
            {
                "name": env["ir.sequence"].sudo().next_by_code(TODAY_SEQUENCE),
                "space_id": space.id,
                "start_at": start,
                "end_at": end,
                "partner_id": partner.id,
                "channel": channel,
                "amount_total": amount,
                "state": "confirmed",
            }
        )
        .with_env(env)
    )


def setup_profile(env, company, calls):
    """A venue of simple courts and a warm-up slot plus three sets of ``calls`` distinct
    free slots on them, 2 to 6 days ahead: [(space id, start, end)]."""
    venue = create_venue(env, company, "BENCHP", 60)
    courts = env["sports.space"].create(
        [{"name": f"Court P{i:02d}", "code": f"P{i:02d}", "venue_id": venue.id} for i in range(12)]
    )
    sequence = env["ir.sequence"].search([("code", "=", TODAY_SEQUENCE)])
    # Of no company, drawn in the bench company like the old sequence of bookings.
    sequence.company_id = False
    if not sequence:
        env["ir.sequence"].create(
            {
                "name": "Bench: bookings today",
                "code": TODAY_SEQUENCE,
                "prefix": "BT%(y)s-",
                "company_id": False,
            }
        )
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
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(args.profile_top)
    stats.sort_stats("tottime").print_stats(args.profile_top)
    for line in stream.getvalue().splitlines():
        if line.strip():
            out("  " + line.rstrip())
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
