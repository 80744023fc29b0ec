"""The ``concurrency`` case of the booking benchmark (a file of its own to keep files under
500 lines), and ``todays_book``, the baseline of book() before issue 20.

Worker processes (``procrun.ProcessRun``, the same number for every path, as Odoo's prefork
workers), each with its own cursor, race for a few hot slots:

- ours: ``sports.booking.book()``, then commit;
- today's path: ``todays_book()``, then commit;
- raw INSERT+EXCLUDE, locked (the baseline of the check): what a correct booking
  hand-written in SQL does on a scratch table under the same exclusion constraint;
- for information: a naive check-then-INSERT without a constraint (which double books) and
  plain raw INSERTs with no check at all (what the database and the disk take at most).

Why the raw baseline takes locks: two transactions that insert overlapping rows under an
exclusion constraint at the same moment each find the other's uncommitted row while
checking the constraint, and each waits for the other to end: a deadlock, which PostgreSQL
only notices after ``deadlock_timeout`` (1 s) and breaks by failing one of them. At hot
slots that is most attempts, so "check, then INSERT under the constraint" made 10 attempts
a second. A correct hand-written booking must make the conflicting inserts take turns:
each transaction takes a transaction-level advisory lock on every unit it will occupy, in
unit order (so a full court and its half cannot wait for each other), inserts, and commits,
which releases the locks; the next one then sees the committed row and gets the
constraint's violation at once. That is what ``book()`` does too (``_sync_bookings``), so
the ratio ours/raw is the cost of the ORM and the rules around the same SQL.
"""

from datetime import timedelta

import psycopg2.errors
from booking_data import (
    BLOCKING_STATES,
    NAIVE_TABLE,
    create_full_court,
    create_venue,
    local_day_start,
    units_of,
)
from harness import Checks, figure, note, ratio, user_env
from procrun import ProcessRun

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
TODAY_SEQUENCE = "bench.sports.booking.today"
# First key of the baseline's advisory locks (the second is the unit): not the one of
# sports.booking.occupancy, so that the baseline never waits for a real booking.
RAW_LOCK_NAMESPACE = 0x4252  # "BR"


# ----------------------------------------------------------------------------------------
# Today's path
# ----------------------------------------------------------------------------------------
def ensure_today_sequence(env):
    """The ``ir.sequence`` of today's path, of no company (drawn in the bench company like
    the old sequence of bookings)."""
    sequence = env["ir.sequence"].search([("code", "=", TODAY_SEQUENCE)])
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


# ----------------------------------------------------------------------------------------
# The attempts
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


def ours_attempts(uid, company_id, slots, today=False):
    """An attempt is ``book()`` of a random hot slot, then commit (with ``today``, the
    baseline ``todays_book``). The queries of the attempts go to the tally."""

    def make_attempt(cr, tally):
        Booking = user_env(cr, uid, company_id)["sports.booking"]
        book = (lambda *slot: todays_book(Booking, *slot)) if today else Booking.book

        def attempt(rng):
            count = cr.sql_log_count
            try:
                return attempt_once(rng)
            finally:
                tally["queries"] += cr.sql_log_count - count

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


def raw_attempts(slots, check, lock=False):
    """Plain SQL on the scratch table: count the overlapping rows of the slot's units (when
    ``check``), take the units' advisory locks in unit order (when ``lock``), insert,
    commit. On a table with the exclusion constraint, a refused insert rolls back."""

    def make_attempt(cr, tally):
        def attempt(rng):
            _space_id, start, end, units = rng.choice(slots)
            try:
                return attempt_once(start, end, units)
            except psycopg2.errors.ExclusionViolation:
                cr.rollback()
                return "constraint"
            except psycopg2.errors.DeadlockDetected:
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
                    cr.rollback()
                    return "clash"
            if lock:
                # ``units`` is sorted: unnest() keeps the order, so the locks are taken in
                # unit order and two attempts never wait for each other.
                cr.execute(
                    SQL(
                        "SELECT pg_advisory_xact_lock(%s, u) FROM unnest(%s::int[]) AS u",
                        RAW_LOCK_NAMESPACE,
                        units,
                    )
                )
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


def booked_in_db(env, venue):
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_booking WHERE venue_id = %s AND state IN %s",
            *(venue.id, BLOCKING_STATES),
        )
    )
    return env.cr.fetchone()[0]


# ----------------------------------------------------------------------------------------
# The case
# ----------------------------------------------------------------------------------------
def concurrency(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    venue, slots, warmup = setup_concurrency(env, company)
    ensure_today_sequence(env)
    env.cr.commit()
    # Warm the caches (access rights, rules, fields, the venue's hours and prices) of both
    # paths outside the timing, then undo; the worker processes inherit them.
    Booking = user_env(env.cr, admin.id, company.id)["sports.booking"]
    Booking.book(*warmup)
    env.cr.rollback()
    todays_book(Booking, *warmup)
    env.cr.rollback()
    runner = ProcessRun(bench.registry, args.processes, args.attempts, args.max_seconds, args.seed)
    occupancy = SQL.identifier("sports_booking_occupancy")
    blocking = SQL("a.is_blocking AND b.is_blocking AND a.company_id = %s", company.id)
    runs = {}

    def measure(key, make_attempt, table=None, where=None):
        counts, seconds, errors, hit, tally = runner.run(make_attempt)
        env.cr.rollback()
        doubles = double_bookings(env.cr, table or NAIVE_TABLE, where or SQL("TRUE"))
        runs[key] = dict(counts=counts, s=seconds, err=errors, cut=hit, tally=tally, dbl=doubles)
        return runs[key]

    note(f"concurrency: {args.processes} processes x {args.attempts} book() attempts")
    ours = measure("ours", ours_attempts(admin.id, company.id, slots), occupancy, blocking)
    ours["in_db"] = booked_in_db(env, venue)
    note("concurrency: today's path (tracking on create, ir.sequence), same processes")
    reset_hot_slots(env, venue)
    today = measure(
        "today", ours_attempts(admin.id, company.id, slots, today=True), occupancy, blocking
    )
    today["in_db"] = booked_in_db(env, venue)
    note("concurrency: raw SQL booking: check, lock the units, INSERT under the constraint")
    reset_naive_table(env.cr, exclude=True)
    measure("rawx", raw_attempts(slots, check=True, lock=True))
    note("concurrency: naive check-then-insert without a constraint")
    reset_naive_table(env.cr)
    measure("naive", raw_attempts(slots, check=True))
    note("concurrency: raw INSERT, no check")
    reset_naive_table(env.cr)
    measure("raw", raw_attempts(slots, check=False))
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    env.cr.commit()
    return report(args, runs)


def report(args, runs):
    def n(run):
        return sum(run["counts"].values())

    def rate(run):
        return n(run) / run["s"]

    def cut(run):
        return " (time limit hit)" if run["cut"] else ""

    def attempts_line(label, run):
        counts = run["counts"]
        rejected = counts["clash"] + counts["constraint"] + counts["db_conflict"]
        return (
            f"{label}: {n(run)}/{args.processes * args.attempts} attempts in {run['s']:.1f} s, "
            f"{counts['booked']} booked, {rejected} rejected ({counts['constraint']} by the "
            f"exclusion constraint, {counts['db_conflict']} other database conflicts), "
            f"{run['dbl']} double bookings, {rate(run):.0f} attempts/s, "
            f"{counts['booked'] / run['s']:.2f} booked/s, "
            f"{run['tally']['queries'] / max(n(run), 1):.1f} queries/attempt" + cut(run)
        )

    ours, today, rawx, naive, raw = (runs[k] for k in ("ours", "today", "rawx", "naive", "raw"))
    figure("booking.concurrency", attempts_line("ours", ours))
    figure("booking.today", attempts_line("today's path", today))
    figure(
        "booking.raw_exclude",
        f"raw SQL booking (check, lock the units, INSERT under the exclusion constraint, "
        f"COMMIT): {n(rawx)} attempts, {rawx['counts']['booked']} inserted, "
        f"{rawx['counts']['clash']} seen taken, {rawx['counts']['constraint']} refused by the "
        f"constraint, {rawx['counts']['db_conflict']} deadlocks, {rawx['dbl']} double "
        f"bookings, {rate(rawx):.0f} attempts/s" + cut(rawx),
    )
    figure(
        "booking.naive",
        f"check-then-insert, no constraint: {n(naive)} attempts, "
        f"{naive['counts']['booked']} inserted, {naive['dbl']} double bookings, "
        f"{rate(naive):.0f} attempts/s" + cut(naive),
    )
    figure(
        "booking.raw_insert",
        f"{n(raw)} INSERT+COMMIT, no check, {rate(raw):.0f} inserts/s" + cut(raw),
    )
    figure(
        "booking.ratio",
        f"ours/raw SQL booking {ratio(rate(ours), rate(rawx), 2)} (check: >= 0.1x), "
        f"ours/today {ratio(rate(ours), rate(today), 2)}, "
        f"today/raw SQL booking {ratio(rate(today), rate(rawx), 2)}, "
        f"ours/naive {ratio(rate(ours), rate(naive), 2)}, "
        f"ours/raw insert {ratio(rate(ours), rate(raw), 2)}",
    )

    checks = Checks()
    checks.no_errors(**{key: run["err"] for key, run in runs.items()})
    for key, label in (("ours", "book()"), ("today", "today's path"), ("rawx", "raw SQL")):
        checks.expect(not runs[key]["dbl"], f"{label}: {runs[key]['dbl']} double bookings")
        checks.expect(runs[key]["counts"]["booked"], f"{label}: no booking succeeded")
    for key, label in (("ours", "book()"), ("today", "today's path")):
        checks.expect(
            runs[key]["in_db"] == runs[key]["counts"]["booked"],
            f"{label}: {runs[key]['counts']['booked']} bookings committed but "
            f"{runs[key]['in_db']} in the table",
        )
    checks.expect(
        not rawx["counts"]["db_conflict"],
        f"the raw SQL booking deadlocked {rawx['counts']['db_conflict']} times",
    )
    checks.expect(
        rate(ours) >= 0.1 * rate(rawx),
        f"book() makes {rate(ours):.0f} attempts/s, below 0.1x the {rate(rawx):.0f}/s of the "
        "raw SQL booking",
    )
    if not naive["dbl"]:
        note("the naive baseline happened not to double book this run (a lucky schedule)")
    return checks
