"""Member card benchmarks (issue 5), each figure against a baseline measured in the same run.

1. Parallel spends: 50 threads, each with its own cursor, spend 3.00 at once through
   ``sports.card.charge()`` from one stored-value card topped up to 100.00 through
   ``action_topup``. The card row lock must let exactly 33 through and leave 1.00, equal
   to the sum of the card's ledger moves. Baseline: the same threads doing a naive
   read-check-write of a balance in a scratch table, which loses updates.
2. Liability report: ``sports.card._liability_by_type(today)`` over 100,000 ledger moves
   (seeded in SQL, card balances kept equal to their moves) versus an ORM ``search_fetch``
   of the moves summed in Python; both must give the same totals.

Run it with ``scripts/bench cards`` (see benchmarks/README.md). Everything it creates lives
in the company "Arena Bench Cards" of the benchmark database and is re-created each run.
"""

import argparse
import contextlib
import logging
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from datetime import date

import psycopg2.errors
from bench_booking import BenchError, ThreadRun, note, out, time_ms
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED, ISOLATION_LEVEL_REPEATABLE_READ

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tools import SQL

COMPANY_NAME = "Arena Bench Cards"
CHART = "generic_coa"
TZ = "Asia/Shanghai"
SPEND_TYPE = "Bench Stored Value"
REPORT_TYPES = ("Bench Gold", "Bench Silver", "Bench Bronze")
HOLDER_PHONE = "13800138000"
NAIVE_CARD = SQL.identifier("bench_naive_card")
NAIVE_MOVE = SQL.identifier("bench_naive_card_move")
# A spend that loses the race for the card row gets a serialisation failure; it is retried
# after a short random pause, as Odoo's RPC layer does (with more tries here: 50 threads
# queue on one row, and a spend only gives up on a business refusal or the time limit).
RETRY_PAUSE = 0.02


def cents(value):
    return round(float(value) * 100)


# ----------------------------------------------------------------------------------------
# Data set-up: a company of its own, emptied of the previous run's cards
# ----------------------------------------------------------------------------------------
def prepare_company(env):
    """The benchmark company with a chart of accounts (the card moves post journal
    entries), emptied of the previous run's cards, moves and entries; the administrator
    (a normal user, so access rights and rules apply) is given access to it."""
    company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
    if not company:
        cny = env.ref("base.CNY")
        cny.active = True
        company = env["res.company"].create({"name": COMPANY_NAME, "currency_id": cny.id})
    if not company.chart_template:
        note(f"loading the chart of accounts {CHART} into {COMPANY_NAME} (first run only)")
        env["account.chart.template"].try_loading(CHART, company, install_demo=False)
    company._arena_card_accounting()
    env.flush_all()
    cr = env.cr
    # The ledger is append-only and posted entries cannot be deleted through the ORM (by
    # design): the benchmark's own company is emptied around it.
    cr.execute(SQL("DELETE FROM sports_card_move WHERE company_id = %s", company.id))
    for model, table in (("account.move", "account_move"), ("sports.card", "sports_card")):
        for what, column in (("mail_message", "model"), ("mail_followers", "res_model")):
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s = %s AND res_id IN "
                    "(SELECT id FROM %s WHERE company_id = %s)",
                    SQL.identifier(what),
                    SQL.identifier(column),
                    model,
                    SQL.identifier(table),
                    company.id,
                )
            )
    cr.execute(
        SQL(
            "DELETE FROM account_move_line WHERE move_id IN "
            "(SELECT id FROM account_move WHERE company_id = %s)",
            company.id,
        )
    )
    cr.execute(SQL("DELETE FROM account_move WHERE company_id = %s", company.id))
    cr.execute(
        SQL("UPDATE sports_card SET replaced_by_id = NULL WHERE company_id = %s", company.id)
    )
    env.invalidate_all()
    env["sports.card"].search([("company_id", "=", company.id)]).unlink()
    for table in (NAIVE_CARD, NAIVE_MOVE):
        cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
    admin = env.ref("base.user_admin")
    if company not in admin.company_ids:
        admin.company_ids = [(4, company.id)]
    return company, admin


def card_type(env, company, name):
    Type = env["sports.card.type"]
    found = Type.search([("company_id", "=", company.id), ("name", "=", name)], limit=1)
    if found:
        found.topup_ids.unlink()  # no bonus: a top-up of 100.00 gives exactly 100.00
        return found
    return Type.create(
        {"name": name, "kind": "stored_value", "company_id": company.id, "deposit": 0.0}
    )


def holder(env, company):
    Partner = env["res.partner"]
    partner = Partner.search(
        [("name", "=", "Bench Holder"), ("company_id", "=", company.id)], limit=1
    )
    return partner or Partner.create(
        {"name": "Bench Holder", "phone": HOLDER_PHONE, "company_id": company.id}
    )


# ----------------------------------------------------------------------------------------
# 1. Parallel spends
# ----------------------------------------------------------------------------------------
def spend_factory(uid, company_id, card_id, amount, run_key, max_seconds):
    context = {"allowed_company_ids": [company_id], "tz": TZ, "lang": "en_US"}

    def make_attempt(cr):
        env = api.Environment(cr, uid, context)
        Card = env["sports.card"]
        key = f"{run_key}-{uuid.uuid4()}"

        def attempt(rng):
            deadline = time.perf_counter() + max_seconds
            tries = 0
            while True:
                tries += 1
                try:
                    Card.charge(card_id, amount, "bench spend", key)
                    cr.commit()
                    return ("accepted", tries)
                except UserError:
                    cr.rollback()
                    return ("rejected", tries)
                except psycopg2.errors.SerializationFailure:
                    cr.rollback()
                    if time.perf_counter() > deadline:
                        return ("gave_up", tries)
                    time.sleep(rng.uniform(0, RETRY_PAUSE))

        return attempt

    return make_attempt


def naive_factory(amount, isolation):
    """Read the balance, check it, write balance - amount: two statements, no lock."""

    def make_attempt(cr):
        cr.connection.set_isolation_level(isolation)

        def attempt(_rng):
            try:
                cr.execute(SQL("SELECT balance FROM %s WHERE id = 1", NAIVE_CARD))
                balance = cr.fetchone()[0]
                if balance < amount:
                    cr.commit()
                    return ("rejected", 1)
                cr.execute(
                    SQL(
                        "UPDATE %s SET balance = %s WHERE id = 1",
                        NAIVE_CARD,
                        round(balance - amount, 2),
                    )
                )
                cr.execute(SQL("INSERT INTO %s (amount) VALUES (%s)", NAIVE_MOVE, -amount))
                cr.commit()
                return ("accepted", 1)
            except psycopg2.errors.SerializationFailure:
                cr.rollback()
                return ("conflict", 1)

        return attempt

    return make_attempt


def outcomes(counts):
    """ThreadRun counts (outcome, tries) pairs: fold them into outcomes and tries."""
    by_outcome = defaultdict(int)
    tries = 0
    for key, times in counts.items():
        if not isinstance(key, tuple):  # "error", ThreadRun's key for an unexpected exception
            by_outcome[key] += times
            continue
        outcome, n = key
        by_outcome[outcome] += times
        tries += n * times
    return by_outcome, tries


def reset_naive(cr, start):
    for table in (NAIVE_CARD, NAIVE_MOVE):
        cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
    cr.execute(SQL("CREATE TABLE %s (id int PRIMARY KEY, balance numeric)", NAIVE_CARD))
    cr.execute(SQL("CREATE TABLE %s (id serial, amount numeric)", NAIVE_MOVE))
    cr.execute(SQL("INSERT INTO %s VALUES (1, %s)", NAIVE_CARD, start))
    cr.commit()


def naive_state(cr):
    cr.execute(
        SQL(
            "SELECT (SELECT balance FROM %s WHERE id = 1), "
            "(SELECT COALESCE(-SUM(amount), 0) FROM %s)",
            NAIVE_CARD,
            NAIVE_MOVE,
        )
    )
    return cr.fetchone()


def bench_spend(registry, env, company, admin, args):
    spend_type = card_type(env, company, SPEND_TYPE)
    Card = env["sports.card"].with_user(admin).with_context(allowed_company_ids=[company.id])
    card = Card.create({"type_id": spend_type.id, "partner_id": holder(env, company).id})
    card.action_topup(args.balance, "bench top-up", f"bench-topup-{card.id}")
    env.cr.commit()
    # Warm the shared caches (access rights, rules, accounting) outside the timing.
    Card.charge(card, args.amount, "warm-up", f"bench-warmup-{card.id}")
    env.cr.rollback()

    threads, amount, start = args.spends, args.amount, args.balance
    expected_ok = int(cents(start) // cents(amount))
    runner = ThreadRun(registry, threads, 1, args.max_seconds, args.seed)

    note(f"spends: {threads} threads x 1 charge() of {amount:.2f} on a card holding {start:.2f}")
    ours_counts, ours_s, ours_err, ours_cut = runner.run(
        spend_factory(admin.id, company.id, card.id, amount, f"bench-{card.id}", args.max_seconds)
    )
    ours, ours_tries = outcomes(ours_counts)
    env.invalidate_all()
    env.cr.rollback()
    env.cr.execute(
        SQL(
            """
        SELECT c.balance_total, COALESCE(SUM(m.amount_paid + m.amount_bonus), 0),
               COUNT(m.id) FILTER (WHERE m.kind = 'spend'),
               COUNT(m.id) FILTER (WHERE m.kind = 'spend' AND m.account_move_id IS NOT NULL)
          FROM sports_card c
          LEFT JOIN sports_card_move m ON m.card_id = c.id
         WHERE c.id = %s
      GROUP BY c.id
        """,
            card.id,
        )
    )
    balance, ledger_sum, spend_moves, posted = env.cr.fetchone()
    integrity = card.sudo()._check_balance_integrity()

    note(f"spends: the same {threads} charge() one after the other on one cursor")
    serial_card = Card.create({"type_id": spend_type.id, "partner_id": card.partner_id.id})
    serial_card.action_topup(start, "bench top-up", f"bench-topup-{serial_card.id}")
    env.cr.commit()
    serial = defaultdict(int)
    t0 = time.perf_counter()
    for i in range(threads):
        try:
            Card.charge(serial_card.id, amount, "bench spend", f"bench-serial-{serial_card.id}-{i}")
            env.cr.commit()
            serial["accepted"] += 1
        except UserError:
            env.cr.rollback()
            serial["rejected"] += 1
    serial_s = time.perf_counter() - t0
    serial_rate = threads / serial_s

    note("spends: naive read-check-write in a scratch table, READ COMMITTED")
    reset_naive(env.cr, start)
    naive_counts, naive_s, naive_err, naive_cut = runner.run(
        naive_factory(amount, ISOLATION_LEVEL_READ_COMMITTED)
    )
    naive, _tries = outcomes(naive_counts)
    naive_balance, naive_debited = naive_state(env.cr)

    note("spends: the same naive code under REPEATABLE READ (Odoo's level), no retry")
    reset_naive(env.cr, start)
    rr_counts, rr_s, rr_err, rr_cut = runner.run(
        naive_factory(amount, ISOLATION_LEVEL_REPEATABLE_READ)
    )
    rr, _tries = outcomes(rr_counts)
    rr_balance, _rr_debited = naive_state(env.cr)
    for table in (NAIVE_CARD, NAIVE_MOVE):
        env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
    env.cr.commit()

    cut = " (time limit hit)"
    ours_rate = (ours["accepted"] + ours["rejected"]) / ours_s
    naive_rate = (naive["accepted"] + naive["rejected"]) / naive_s
    lost = naive["accepted"] * amount - (start - float(naive_balance))
    out(
        f"cards.spend   ours: {threads} charge() of {amount:.2f} on {start:.2f}: "
        f"{ours['accepted']} accepted, {ours['rejected']} rejected, final balance "
        f"{float(balance):.2f}, sum of moves {float(ledger_sum):.2f}, "
        f"{spend_moves} spend moves ({posted} posted), {ours_tries - threads} retries after "
        f"serialisation failures, {ours_s:.2f} s, {ours_rate:.1f} spends/s"
        + (cut if ours_cut else "")
    )
    out(
        f"cards.naive   read-check-write, READ COMMITTED: {naive['accepted']} accepted, "
        f"{naive['rejected']} rejected, final balance {float(naive_balance):.2f}, debits "
        f"recorded {float(naive_debited):.2f}, lost updates {lost:.2f} "
        f"({round(lost / amount)} spends), negative: {'yes' if naive_balance < 0 else 'no'}, "
        f"{naive_rate:.0f} spends/s" + (cut if naive_cut else "")
    )
    out(
        f"cards.naive_rr same code, REPEATABLE READ, no retry: {rr['accepted']} accepted, "
        f"{rr['rejected']} rejected, {rr['conflict']} serialisation failures, final balance "
        f"{float(rr_balance):.2f}, {threads / rr_s:.0f} spends/s" + (cut if rr_cut else "")
    )
    out(
        f"cards.serial  same charge() one at a time, one cursor: {serial['accepted']} accepted, "
        f"{serial['rejected']} rejected, {serial_s:.2f} s, {serial_rate:.1f} spends/s"
    )
    out(
        f"cards.ratio   ours/naive spends/s {ours_rate / max(naive_rate, 1e-9):.3f}x, "
        f"ours/serial {ours_rate / serial_rate:.2f}x"
    )

    problems = []
    for label, errs in (("ours", ours_err), ("naive", naive_err), ("naive_rr", rr_err)):
        if errs:
            problems.append(f"{label}: {len(errs)} unexpected errors, first: {errs[0]}")
    expected_balance = (cents(start) - expected_ok * cents(amount)) / 100
    if ours["accepted"] != expected_ok or ours["rejected"] != threads - expected_ok:
        problems.append(
            f"{ours['accepted']} spends accepted and {ours['rejected']} rejected, expected "
            f"{expected_ok} and {threads - expected_ok}"
            + (f" ({ours['gave_up']} gave up)" if ours["gave_up"] else "")
        )
    if cents(balance) != cents(expected_balance):
        problems.append(f"final balance {balance}, expected {expected_balance:.2f}")
    if cents(balance) != cents(ledger_sum) or integrity:
        problems.append(f"balance {balance} differs from its moves {ledger_sum}: {integrity}")
    if spend_moves != ours["accepted"]:
        problems.append(f"{ours['accepted']} spends accepted but {spend_moves} spend moves")
    if serial["accepted"] != expected_ok:
        problems.append(f"{serial['accepted']} serial spends accepted, expected {expected_ok}")
    if not lost:
        note("the naive baseline happened to lose no update this run (a lucky schedule)")
    return problems


# ----------------------------------------------------------------------------------------
# 2. Liability report
# ----------------------------------------------------------------------------------------
def seed_moves(env, company, admin, cards_count, moves_count):
    """``cards_count`` cards over three types and ``moves_count`` moves between them, in
    SQL. Per card, cycles of four moves: a top-up T, its bonus T/10, spends of 0.3 T and
    0.5 T, one a week up to today; the stored balances are then set to the sums of the
    moves (and checked by the model's own integrity check)."""
    types = [card_type(env, company, name) for name in REPORT_TYPES]
    partner = holder(env, company)
    Card = env["sports.card"].with_context(tracking_disable=True, mail_create_nolog=True)
    cards = Card.create(
        [
            {"type_id": types[i % len(types)].id, "partner_id": partner.id}
            for i in range(cards_count)
        ]
    )
    env.flush_all()
    per_card = -(-moves_count // cards_count)
    env.cr.execute(
        SQL(
            """
        WITH c AS (
            SELECT id, type_id, company_id, row_number() OVER (ORDER BY id) AS k
              FROM sports_card WHERE id = ANY(%(cards)s)
        ), m AS (
            SELECT c.*, g.n,
                   100 + ((c.k * 7 + (g.n / 4) * 13) %% 50) * 10 AS t,
                   (now() AT TIME ZONE 'UTC')
                       - make_interval(days => 7 * (%(per_card)s - 1 - g.n)) AS at
              FROM c CROSS JOIN generate_series(0, %(per_card)s - 1) AS g(n)
             ORDER BY c.k, g.n
             LIMIT %(moves)s
        ), v AS (
            SELECT m.*,
                   CASE n %% 4 WHEN 0 THEN t WHEN 2 THEN -0.3 * t WHEN 3 THEN -0.5 * t
                               ELSE 0 END::numeric AS paid,
                   CASE n %% 4 WHEN 1 THEN t / 10.0 ELSE 0 END::numeric AS bonus
              FROM m
        )
        INSERT INTO sports_card_move (
            card_id, card_type_id, company_id, kind, amount_paid, amount_bonus, amount_total,
            uses, amount_deposit, fee_amount, ref, user_id, moved_at, date, idempotency_key,
            create_uid, create_date, write_uid, write_date)
        SELECT id, type_id, company_id,
               CASE n %% 4 WHEN 0 THEN 'topup' WHEN 1 THEN 'bonus' ELSE 'spend' END,
               paid, bonus, paid + bonus, 0, 0, 0, 'bench seed', %(uid)s, at, at::date,
               'bench-seed-' || id || '-' || n, %(uid)s, at, %(uid)s, at
          FROM v
        """,
            cards=cards.ids,
            per_card=per_card,
            moves=moves_count,
            uid=admin.id,
        )
    )
    seeded = env.cr.rowcount
    env.cr.execute(
        SQL(
            """
        UPDATE sports_card c
           SET balance_paid = s.paid, balance_bonus = s.bonus, balance_total = s.paid + s.bonus,
               remaining_uses = COALESCE(c.remaining_uses, 0),
               deposit_balance = COALESCE(c.deposit_balance, 0)
          FROM (SELECT card_id, SUM(amount_paid) AS paid, SUM(amount_bonus) AS bonus
                  FROM sports_card_move WHERE card_id = ANY(%s) GROUP BY card_id) s
         WHERE c.id = s.card_id
        """,
            cards.ids,
        )
    )
    env.invalidate_all()
    problems = cards._check_balance_integrity()
    if problems:
        raise BenchError(f"seeded balances differ from their moves, e.g. {problems[:3]}")
    env.cr.commit()
    env.cr.execute(SQL("ANALYZE sports_card_move"))
    return cards, seeded


def liability_by_orm(env, company, day):
    """The naive answer: fetch every move through the ORM and sum in Python."""
    totals = defaultdict(float)
    moves = env["sports.card.move"].search_fetch(
        [("company_id", "=", company.id), ("date", "<=", day)], ["card_type_id", "amount_paid"]
    )
    for move in moves:
        totals[move.card_type_id] += move.amount_paid
    return dict(totals)


def liability_by_read_group(env, company, day):
    return dict(
        env["sports.card.move"]._read_group(
            [("company_id", "=", company.id), ("date", "<=", day)],
            ["card_type_id"],
            ["amount_paid:sum"],
        )
    )


def same_totals(a, b):
    return {t.id: cents(v) for t, v in a.items()} == {t.id: cents(v) for t, v in b.items()}


def bench_liability(env, company, admin, args):
    note(f"liability: seeding {args.moves} moves on {args.cards} cards in SQL")
    t0 = time.perf_counter()
    _cards, seeded = seed_moves(env, company, admin, args.cards, args.moves)
    note(f"liability: seeded in {time.perf_counter() - t0:.1f} s")
    uenv = api.Environment(
        env.cr, admin.id, {"allowed_company_ids": [company.id], "tz": TZ, "lang": "en_US"}
    )
    Card = uenv["sports.card"]
    day = fields.Date.context_today(Card)
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_card_move WHERE company_id = %s AND date <= %s",
            company.id,
            day,
        )
    )
    moves = env.cr.fetchone()[0]

    Card._liability_by_type(day, company)  # warm-up
    runs = [time_ms(Card._liability_by_type, day, company) for _i in range(args.repeat)]
    ours_ms = statistics.median(ms for ms, _totals in runs)
    ours = runs[0][1]
    liability_by_orm(uenv, company, date(2000, 1, 1))  # warm-up
    uenv.invalidate_all()
    orm_ms, orm = time_ms(liability_by_orm, uenv, company, day)
    uenv.invalidate_all()
    liability_by_read_group(uenv, company, day)  # warm-up
    rg_runs = [time_ms(liability_by_read_group, uenv, company, day) for _i in range(args.repeat)]
    rg_ms = statistics.median(ms for ms, _totals in rg_runs)
    read_group = rg_runs[0][1]

    total = sum(ours.values())
    agree = same_totals(ours, orm)
    out(
        f"cards.liability    {moves} moves ({seeded} seeded) on {len(ours)} card types, "
        f"liability {total:,.2f}: _liability_by_type {ours_ms:.1f} ms (median of "
        f"{args.repeat}) | ORM search_fetch + Python sum {orm_ms:.0f} ms | ratio ORM/ours "
        f"{orm_ms / ours_ms:.0f}x" + ("" if agree else "  TOTALS DIFFER")
    )
    out(
        f"cards.liability_rg ORM _read_group {rg_ms:.1f} ms (median of {args.repeat}), "
        f"{'same totals' if same_totals(ours, read_group) else 'DIFFERENT totals'} | "
        f"ratio read_group/ours {rg_ms / ours_ms:.1f}x"
    )
    env.cr.rollback()
    problems = []
    if not agree:
        problems.append(f"the liability totals disagree: {ours} vs {orm}")
    if not same_totals(ours, read_group):
        problems.append(f"the _read_group totals disagree: {ours} vs {read_group}")
    return problems


# ----------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", required=True, help="benchmark database")
    parser.add_argument("--spends", type=int, default=50, help="parallel spends (threads)")
    parser.add_argument("--amount", type=float, default=3.0, help="amount of each spend")
    parser.add_argument("--balance", type=float, default=100.0, help="top-up before spending")
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="time limit of each spend run"
    )
    parser.add_argument("--moves", type=int, default=100_000, help="moves of the report")
    parser.add_argument("--cards", type=int, default=1000, help="cards the moves are on")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the report")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--only", choices=["spend", "liability"], help="run one of the two")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    odoo.tools.config.parse_config(
        ["-c", args.config, "--log-level=warn", f"--db_maxconn={args.spends + 8}"],
        setup_logging=True,
    )
    # Every lost race for the card row is a serialisation failure that odoo.sql_db logs as
    # a "bad query" with its traceback; they are expected here, retried and counted.
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    random.seed(args.seed)
    registry = Registry(args.db)
    problems = []
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": TZ, "lang": "en_US"})
        try:
            company, admin = prepare_company(env)
            cr.commit()
            if args.only in (None, "spend"):
                problems += bench_spend(registry, env, company, admin, args)
            if args.only in (None, "liability"):
                problems += bench_liability(env, company, admin, args)
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
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
