"""Booking benchmarks (issue 4), each figure against a baseline measured in the same run.

1. Concurrency: worker threads, each with its own cursor, race for a few hot slots through
   ``sports.booking.book()``; PostgreSQL's exclusion constraint must leave no double
   booking. Baselines: a naive check-then-insert without a constraint (which does double
   book) and raw INSERT throughput, in a scratch table, by the same threads.
2. Availability grid: 30 spaces x 7 days x 24 hours over 5,000 bookings, in one SQL query
   versus one ORM ``search_count`` per cell; both must give the same answer.

Run it with ``scripts/bench booking`` (see benchmarks/README.md). Everything it creates
lives in the company "Arena Bench" of the benchmark database and is re-created each run.
"""

import argparse
import contextlib
import random
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta

import psycopg2
import psycopg2.errors
import pytz

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tools import SQL

COMPANY_NAME = "Arena Bench"
TZ = "Asia/Shanghai"
PRICE_PER_HOUR = 100.0
BLOCKING_STATES = ("held", "confirmed", "checked_in", "done", "no_show")
NAIVE_TABLE = SQL.identifier("bench_naive_occupancy")
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
GRID_FULL_COURTS = 3  # each with two halves: 9 spaces
GRID_SIMPLE_COURTS = 21  # 30 spaces in all, 27 atomic units
GRID_DAYS = 7
GRID_HOURS = 24  # the grid venue is open around the clock


def out(line=""):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def note(line):
    sys.stderr.write(f"[bench] {line}\n")
    sys.stderr.flush()


class BenchError(Exception):
    """A benchmark's own check failed (double bookings, answers that disagree)."""


# ----------------------------------------------------------------------------------------
# Data set-up: a company of its own, venues re-created on every run
# ----------------------------------------------------------------------------------------
def prepare_company(env):
    """The benchmark company, emptied of the previous run's venues and bookings; the
    administrator (a normal user, so access rules apply) is given access to it."""
    company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
    if not company:
        cny = env.ref("base.CNY")
        cny.active = True
        company = env["res.company"].create({"name": COMPANY_NAME, "currency_id": cny.id})
    env.flush_all()
    cr = env.cr
    # Bookings that are confirmed cannot be deleted through the ORM (by design): go around it.
    cr.execute(
        SQL(
            "DELETE FROM mail_message WHERE model = 'sports.booking' AND res_id IN "
            "(SELECT id FROM sports_booking WHERE company_id = %s)",
            company.id,
        )
    )
    cr.execute(
        SQL(
            "DELETE FROM mail_followers WHERE res_model = 'sports.booking' AND res_id IN "
            "(SELECT id FROM sports_booking WHERE company_id = %s)",
            company.id,
        )
    )
    cr.execute(SQL("DELETE FROM sports_booking_occupancy WHERE company_id = %s", company.id))
    cr.execute(SQL("DELETE FROM sports_booking WHERE company_id = %s", company.id))
    env.invalidate_all()
    env["sports.venue"].with_context(active_test=False).search(
        [("company_id", "=", company.id)]
    ).unlink()
    cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    admin = env.ref("base.user_admin")
    if company not in admin.company_ids:
        admin.company_ids = [(4, company.id)]
    return company, admin


def create_venue(env, company, code, slot_minutes):
    venue = env["sports.venue"].create(
        {
            "name": f"Bench {code}",
            "code": code,
            "company_id": company.id,
            "tz": TZ,
            "booking_slot_minutes": slot_minutes,
            "booking_min_minutes": slot_minutes,
            "booking_max_minutes": 240,
        }
    )
    env["sports.price.rule"].create(
        {"name": "Bench price", "venue_id": venue.id, "price_per_hour": PRICE_PER_HOUR}
    )
    return venue


def create_full_court(env, venue, code):
    """A full court made of two halves: {code: full, code1: half, code2: half}."""
    Space = env["sports.space"]
    halves = Space.create(
        [{"name": f"Court {code}{i}", "code": f"{code}{i}", "venue_id": venue.id} for i in (1, 2)]
    )
    full = Space.create(
        {
            "name": f"Court {code}",
            "code": code,
            "venue_id": venue.id,
            "component_ids": [(6, 0, halves.ids)],
        }
    )
    return {code: full, f"{code}1": halves[0], f"{code}2": halves[1]}


def local_day_start(day_offset):
    """UTC naive datetime of local midnight ``day_offset`` days from today at the venues."""
    tz = pytz.timezone(TZ)
    today = datetime.now(pytz.utc).astimezone(tz).date()
    local = tz.localize(datetime.combine(today + timedelta(days=day_offset), datetime.min.time()))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def units_of(env, spaces):
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT space_id, array_agg(unit_id ORDER BY unit_id) FROM sports_space_unit_rel "
            "WHERE space_id = ANY(%s) GROUP BY space_id",
            spaces.ids,
        )
    )
    return dict(env.cr.fetchall())


# ----------------------------------------------------------------------------------------
# Threads: each with its own cursor (connection) and Environment
# ----------------------------------------------------------------------------------------
class ThreadRun:
    """Run ``threads`` workers doing ``attempts`` attempts each, started together.

    ``make_attempt(cr)`` is called in each worker once its cursor is open and returns the
    function of one attempt, ``attempt(rng) -> outcome``; it must leave the transaction
    committed or rolled back. A worker never dies on an exception: it is counted as
    ``error`` and the first message is kept. Ctrl-C stops the workers after their current
    attempt, rolls back and closes their cursors, and re-raises KeyboardInterrupt.
    """

    def __init__(self, registry, threads, attempts, max_seconds, seed):
        self.registry = registry
        self.threads = threads
        self.attempts = attempts
        self.max_seconds = max_seconds
        self.seed = seed

    def run(self, make_attempt):
        stop = threading.Event()
        t0 = []
        # The action runs once, before any worker is released: all see the same start.
        barrier = threading.Barrier(self.threads, action=lambda: t0.append(time.perf_counter()))
        lock = threading.Lock()
        counts = Counter()
        errors = []
        ends = []
        timed_out = threading.Event()

        def worker(index):
            rng = random.Random(self.seed * 1000 + index)
            local = Counter()
            cr = None
            try:
                cr = self.registry.cursor()
                attempt = make_attempt(cr)
            except Exception as exc:  # reported, the run goes on
                with lock:
                    errors.append(f"set-up: {type(exc).__name__}: {exc}")
                barrier.abort()
            try:
                barrier.wait(timeout=120)
                deadline = t0[0] + self.max_seconds
                for _i in range(self.attempts):
                    if stop.is_set():
                        break
                    if time.perf_counter() > deadline:
                        timed_out.set()
                        break
                    try:
                        local[attempt(rng)] += 1
                    except Exception as exc:  # a worker never dies
                        with contextlib.suppress(Exception):
                            cr.rollback()
                        local["error"] += 1
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}")
            except threading.BrokenBarrierError:
                pass
            finally:
                if cr is not None:
                    with contextlib.suppress(Exception):
                        cr.rollback()
                        cr.close()
                with lock:
                    counts.update(local)
                    ends.append(time.perf_counter())

        workers = [
            threading.Thread(target=worker, args=(i,), name=f"bench-{i}", daemon=True)
            for i in range(self.threads)
        ]
        for thread in workers:
            thread.start()
        try:
            while any(thread.is_alive() for thread in workers):
                for thread in workers:
                    thread.join(timeout=0.2)
        except KeyboardInterrupt:
            stop.set()
            barrier.abort()
            for thread in workers:
                thread.join(timeout=30)
            raise
        if not t0:
            raise BenchError("the workers could not start: " + "; ".join(errors[:3]))
        elapsed = max(ends) - t0[0]
        return counts, max(elapsed, 1e-9), errors, timed_out.is_set()


# ----------------------------------------------------------------------------------------
# 1. Concurrency
# ----------------------------------------------------------------------------------------
def setup_concurrency(env, company):
    venue = create_venue(env, company, "BENCHC", 60)
    spaces = {}
    spaces.update(create_full_court(env, venue, "A"))
    spaces.update(create_full_court(env, venue, "B"))
    for code in ("C", "D"):
        spaces[code] = env["sports.space"].create(
            {"name": f"Court {code}", "code": code, "venue_id": venue.id}
        )
    units = units_of(env, env["sports.space"].browse([s.id for s in spaces.values()]))
    day = local_day_start(1)
    slots = [
        (
            spaces[code].id,
            day + timedelta(hours=hour),
            day + timedelta(hours=hour + 1),
            units[spaces[code].id],
        )
        for code, hour in HOT_SLOTS
    ]
    warmup = (spaces["D"].id, day + timedelta(hours=20), day + timedelta(hours=21))
    return venue, slots, warmup


def classify_db_error(exc):
    """True when a database error is a lost race (a rejection), not a bug."""
    return isinstance(
        exc,
        (
            psycopg2.errors.TransactionRollbackError,  # serialization failure, deadlock
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.ExclusionViolation,
        ),
    )


def ours_attempt_factory(uid, company_id, slots):
    context = {"allowed_company_ids": [company_id], "tz": TZ, "lang": "en_US"}

    def make_attempt(cr):
        env = api.Environment(cr, uid, context)
        Booking = env["sports.booking"]

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
            except psycopg2.Error as exc:
                cr.rollback()
                if classify_db_error(exc):
                    return "db_conflict"
                raise

        return attempt

    return make_attempt


def naive_attempt_factory(slots, check):
    def make_attempt(cr):
        def attempt(rng):
            _space_id, start, end, units = rng.choice(slots)
            if check:
                cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s WHERE unit_id = ANY(%s) "
                        "AND start_at < %s AND end_at > %s",
                        NAIVE_TABLE,
                        units,
                        end,
                        start,
                    )
                )
                if cr.fetchone()[0]:
                    cr.commit()
                    return "clash"
            cr.execute(
                SQL(
                    "INSERT INTO %s (unit_id, start_at, end_at) SELECT unnest(%s::int[]), %s, %s",
                    NAIVE_TABLE,
                    units,
                    start,
                    end,
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


def bench_concurrency(registry, env, company, admin, args):
    venue, slots, warmup = setup_concurrency(env, company)
    env.cr.commit()
    # Warm the shared caches (access rights, rules, fields) outside the timing.
    wenv = api.Environment(env.cr, admin.id, {"allowed_company_ids": [company.id], "tz": TZ})
    wenv["sports.booking"].book(*warmup)
    env.cr.rollback()

    runner = ThreadRun(registry, args.threads, args.attempts, args.max_seconds, args.seed)
    total = args.threads * args.attempts

    note(f"concurrency: {args.threads} threads x {args.attempts} book() attempts")
    ours, ours_s, ours_err, ours_cut = runner.run(ours_attempt_factory(admin.id, company.id, slots))
    env.cr.rollback()
    ours_doubles = double_bookings(
        env.cr,
        SQL.identifier("sports_booking_occupancy"),
        SQL("a.is_blocking AND b.is_blocking AND a.company_id = %s", company.id),
    )
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_booking WHERE venue_id = %s AND state IN %s",
            venue.id,
            BLOCKING_STATES,
        )
    )
    ours_booked_db = env.cr.fetchone()[0]

    note("concurrency: naive check-then-insert without a constraint")
    reset_naive_table(env.cr)
    naive, naive_s, naive_err, naive_cut = runner.run(naive_attempt_factory(slots, check=True))
    naive_doubles = double_bookings(env.cr, NAIVE_TABLE, SQL("TRUE"))

    note("concurrency: raw INSERT, no check")
    reset_naive_table(env.cr)
    raw, raw_s, raw_err, raw_cut = runner.run(naive_attempt_factory(slots, check=False))
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    env.cr.commit()

    def n(counts):
        return sum(counts.values())

    ours_rate, naive_rate, raw_rate = n(ours) / ours_s, n(naive) / naive_s, n(raw) / raw_s
    cut = " (time limit hit)"
    rejected = ours["clash"] + ours["constraint"] + ours["db_conflict"]
    out(
        f"booking.concurrency  ours: {n(ours)}/{total} attempts in {ours_s:.1f} s, "
        f"{ours['booked']} booked, {rejected} rejected "
        f"({ours['constraint']} by the exclusion constraint, {ours['db_conflict']} other "
        f"database conflicts), {ours_doubles} double bookings, "
        f"{ours_rate:.0f} attempts/s, {ours['booked'] / ours_s:.2f} booked/s"
        + (cut if ours_cut else "")
    )
    out(
        f"booking.naive        check-then-insert, no constraint: {n(naive)} attempts, "
        f"{naive['booked']} inserted, {naive_doubles} double bookings, "
        f"{naive_rate:.0f} attempts/s" + (cut if naive_cut else "")
    )
    out(
        f"booking.raw_insert   {n(raw)} INSERT+COMMIT, {raw_rate:.0f} inserts/s"
        + (cut if raw_cut else "")
    )
    out(
        f"booking.ratio        ours/naive {ours_rate / naive_rate:.2f}x, "
        f"ours/raw insert {ours_rate / raw_rate:.2f}x"
    )
    problems = []
    for label, errs in (("ours", ours_err), ("naive", naive_err), ("raw", raw_err)):
        if errs:
            problems.append(f"{label}: {len(errs)} unexpected errors, first: {errs[0]}")
    if ours_doubles:
        problems.append(f"{ours_doubles} double bookings under the exclusion constraint")
    if ours_booked_db != ours["booked"]:
        problems.append(f"{ours['booked']} bookings committed but {ours_booked_db} in the table")
    if not ours["booked"]:
        problems.append("no booking succeeded")
    if not naive_doubles:
        note("the naive baseline happened not to double book this run (a lucky schedule)")
    return problems


# ----------------------------------------------------------------------------------------
# 2. Availability grid
# ----------------------------------------------------------------------------------------
def setup_grid(env, company, bookings, seed):
    """The grid venue with its 30 spaces and ``bookings`` non-overlapping bookings of 30 or
    60 minutes over the next 7 days, created in batches through ``create()``."""
    venue = create_venue(env, company, "BENCHG", 30)
    spaces = env["sports.space"]
    for i in range(GRID_FULL_COURTS):
        for space in create_full_court(env, venue, f"F{i}").values():
            spaces |= space
    spaces |= env["sports.space"].create(
        [
            {"name": f"Court S{i:02d}", "code": f"S{i:02d}", "venue_id": venue.id}
            for i in range(GRID_SIMPLE_COURTS)
        ]
    )
    units = units_of(env, spaces)
    day0 = local_day_start(1)
    halfhours = GRID_DAYS * 48
    taken = {unit: bytearray(halfhours) for us in units.values() for unit in us}
    rng = random.Random(seed)
    vals_list = []
    tries = 0
    while len(vals_list) < bookings:
        tries += 1
        if tries > bookings * 50:
            raise BenchError(f"could only place {len(vals_list)} of {bookings} bookings")
        space_id = rng.choice(spaces.ids)
        length = 2 if rng.random() < 0.25 else 1
        day = rng.randrange(GRID_DAYS)
        first = day * 48 + rng.randrange(48 - length + 1)
        cells = range(first, first + length)
        if any(taken[u][c] for u in units[space_id] for c in cells):
            continue
        for u in units[space_id]:
            for c in cells:
                taken[u][c] = 1
        start = day0 + timedelta(minutes=30 * first)
        vals_list.append(
            {
                "name": f"BENCH-{len(vals_list) + 1:05d}",
                "space_id": space_id,
                "start_at": start,
                "end_at": start + timedelta(minutes=30 * length),
                "state": "confirmed",
                "channel": "backend",
                "amount_total": PRICE_PER_HOUR * length / 2,
            }
        )
    # A superuser environment: creates are trusted server code, the rules are not re-run.
    Booking = env["sports.booking"].with_context(
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
    )
    for i in range(0, len(vals_list), 500):
        Booking.create(vals_list[i : i + 500])
    env.flush_all()
    # The occupancy must be exactly one row per unit of each booking, and overlap-free.
    env.cr.execute(
        SQL(
            """
        SELECT (SELECT count(*) FROM sports_booking b
                  JOIN sports_space_unit_rel u ON u.space_id = b.space_id
                 WHERE b.venue_id = %(venue)s),
               (SELECT count(*) FROM sports_booking_occupancy o
                  JOIN sports_booking b ON b.id = o.booking_id
                 WHERE b.venue_id = %(venue)s AND o.is_blocking)
        """,
            venue=venue.id,
        )
    )
    expected_rows, rows = env.cr.fetchone()
    if expected_rows != rows:
        raise BenchError(f"occupancy has {rows} rows, the bookings need {expected_rows}")
    env.cr.commit()
    return venue, spaces, day0


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


def time_ms(func, *args):
    t0 = time.perf_counter()
    value = func(*args)
    return (time.perf_counter() - t0) * 1000, value


def bench_grid(env, company, admin, args):
    note(f"grid: seeding {args.bookings} bookings on 30 spaces over {GRID_DAYS} days")
    t0 = time.perf_counter()
    venue, spaces, day0 = setup_grid(env, company, args.bookings, args.seed)
    note(f"grid: seeded in {time.perf_counter() - t0:.1f} s")
    uenv = api.Environment(env.cr, admin.id, {"allowed_company_ids": [company.id], "tz": TZ})
    spaces = spaces.with_env(uenv)
    hours = GRID_DAYS * GRID_HOURS
    cells = len(spaces) * hours

    grid_by_sql(uenv.cr, spaces, day0, hours)  # warm-up
    sql_runs = [time_ms(grid_by_sql, uenv.cr, spaces, day0, hours) for _i in range(args.repeat)]
    sql_ms = statistics.median(ms for ms, _grid in sql_runs)
    sql_grid = sql_runs[0][1]
    grid_by_orm(uenv, spaces[:1], day0, 2)  # warm-up
    orm_ms, orm_grid = time_ms(grid_by_orm, uenv, spaces, day0, hours)
    problems = []
    if sql_grid != orm_grid:
        diff = sorted(set(sql_grid.items()) ^ set(orm_grid.items()))[:5]
        problems.append(f"the SQL and ORM grids disagree, e.g. {diff}")
    busy = len(sql_grid)
    line = (
        f"booking.grid         {len(spaces)} spaces x {GRID_DAYS} days x {GRID_HOURS} h = "
        f"{cells} cells, {args.bookings} bookings, {busy} cells taken: "
        f"one SQL {sql_ms:.1f} ms (median of {args.repeat}) | ORM loop {orm_ms:.0f} ms "
        f"({cells} search_count) | ratio ORM/SQL {orm_ms / sql_ms:.0f}x"
    )
    out(line + ("" if sql_grid == orm_grid else "  ANSWERS DIFFER"))
    out(grid_model_line(uenv, venue, spaces, day0, sql_grid, sql_ms))
    env.cr.rollback()
    return problems


def grid_model_line(env, venue, spaces, day0, sql_grid, sql_ms):
    """Time ``sports.booking.grid.get_grid`` for the 7 days when the model exists, and say
    whether its taken cells match ours. Informative only: nothing depends on it."""
    label = "booking.grid_model   "
    if "sports.booking.grid" not in env:
        return label + "sports.booking.grid is not installed: skipped"
    Grid = env["sports.booking.grid"]
    tz = pytz.timezone(TZ)
    dates = [
        (pytz.utc.localize(day0).astimezone(tz).date() + timedelta(days=d)).isoformat()
        for d in range(GRID_DAYS)
    ]
    try:
        Grid.get_grid(venue.id, dates[0])  # warm-up
        ms, days = time_ms(lambda: [Grid.get_grid(venue.id, date) for date in dates])
    except Exception as exc:  # the model is someone else's work in progress
        env.cr.rollback()
        return label + f"get_grid failed: {type(exc).__name__}: {exc}"
    try:
        taken = set()
        ids = set(spaces.ids)
        for d, day in enumerate(days):
            for item in day["bookings"] + day["blocks"]:
                if item["space_id"] not in ids:
                    continue
                first = item["from_minute"] // 60
                last = -(-item["to_minute"] // 60)
                taken.update((item["space_id"], d * 24 + h) for h in range(first, last))
        agree = "same taken cells" if taken == set(sql_grid) else "DIFFERENT taken cells"
    except (KeyError, TypeError) as exc:
        agree = f"not compared ({type(exc).__name__}: {exc})"
    return (
        f"{label}get_grid x {GRID_DAYS} days {ms:.1f} ms ({ms / GRID_DAYS:.1f} ms/day), "
        f"{agree} | ratio get_grid/SQL {ms / sql_ms:.1f}x"
    )


# ----------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", required=True, help="benchmark database")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--attempts", type=int, default=200, help="attempts per thread")
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="time limit of each concurrency run"
    )
    parser.add_argument("--bookings", type=int, default=5000, help="bookings on the grid")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the SQL grid query")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--only", choices=["concurrency", "grid"], help="run one of the two benchmarks"
    )
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    odoo.tools.config.parse_config(
        ["-c", args.config, "--log-level=warn", f"--db_maxconn={args.threads + 8}"],
        setup_logging=True,
    )
    registry = Registry(args.db)
    problems = []
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": TZ, "lang": "en_US"})
        try:
            company, admin = prepare_company(env)
            cr.commit()
            if args.only in (None, "concurrency"):
                problems += bench_concurrency(registry, env, company, admin, args)
            if args.only in (None, "grid"):
                problems += bench_grid(env, company, admin, args)
        except KeyboardInterrupt:
            cr.rollback()
            note("interrupted: open transactions rolled back; the next run starts afresh")
            return 130
        except (BenchError, UserError, ValidationError) as exc:
            cr.rollback()
            problems.append(str(exc))
    note(f"total {time.perf_counter() - started:.0f} s")
    for problem in problems:
        out(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
