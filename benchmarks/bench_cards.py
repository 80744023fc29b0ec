"""Member card benchmarks (issue 5), each figure against a baseline measured in the same run.

1. spend: 50 threads, each with its own cursor, spend 3.00 at once from one stored-value
   card topped up to 100.00. The card row lock must let exactly 33 through and leave 1.00,
   equal to the sum of the card's ledger moves. Baseline: the same threads doing a naive
   read-check-write of a balance in a scratch table, which loses updates.
2. liability: ``sports.card._liability_by_type(today)`` over 100,000 ledger moves (seeded
   in SQL, card balances kept equal to their moves) versus an ORM ``search_fetch`` of the
   moves summed in Python; both must give the same totals.

Run it with ``scripts/bench cards`` (see benchmarks/README.md). Everything it creates lives
in the company "Arena Bench Cards" of the benchmark database and is re-created each run.
"""

import logging
import sys
import time
import uuid
from collections import defaultdict
from datetime import date

import psycopg2.errors
from addon_api import card_charge
from cards_data import (
    NAIVE_CARD,
    NAIVE_MOVE,
    card_type,
    holder,
    prepare,
    seed_moves,
    topped_up_card,
)
from harness import (
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
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED, ISOLATION_LEVEL_REPEATABLE_READ

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import SQL

SPEND_TYPE = "Bench Stored Value"
# A spend that loses the race for the card row gets a serialisation failure; it is retried
# after a short random pause, as Odoo's RPC layer does (with more tries here: 50 threads
# queue on one row, and a spend only gives up on a business refusal or the time limit).
RETRY_PAUSE = 0.02


def cents(value):
    return round(float(value) * 100)


# ----------------------------------------------------------------------------------------
# 1. spend
# ----------------------------------------------------------------------------------------
def ours_attempts(uid, company_id, card_id, amount, run_key, max_seconds):
    """One spend, retried after serialisation failures until accepted or refused."""

    def make_attempt(cr):
        Card = user_env(cr, uid, company_id)["sports.card"]
        key = f"{run_key}-{uuid.uuid4()}"

        def attempt(rng):
            deadline = time.perf_counter() + max_seconds
            tries = 0
            while True:
                tries += 1
                try:
                    card_charge(Card, card_id, amount, "bench spend", key)
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


def naive_attempts(amount, isolation):
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
                new_balance = round(balance - amount, 2)
                cr.execute(SQL("UPDATE %s SET balance = %s WHERE id = 1", NAIVE_CARD, new_balance))
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


def naive_run(runner, cr, amount, start, isolation):
    """The naive spends under ``isolation``: (outcomes, seconds, errors, cut, balance,
    debits recorded)."""
    reset_naive(cr, start)
    counts, seconds, errors, cut = runner.run(naive_attempts(amount, isolation))
    cr.execute(
        SQL(
            "SELECT (SELECT balance FROM %s WHERE id = 1), "
            "(SELECT COALESCE(-SUM(amount), 0) FROM %s)",
            *(NAIVE_CARD, NAIVE_MOVE),
        )
    )
    balance, debited = cr.fetchone()
    return outcomes(counts)[0], seconds, errors, cut, balance, debited


def card_ledger(cr, card):
    """(stored balance, sum of the moves, spend moves, posted spend moves) of ``card``."""
    cr.execute(
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
    return cr.fetchone()


def spend(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    threads, amount, start = args.spends, args.amount, args.balance
    spend_type = card_type(env, company, SPEND_TYPE)
    Card = user_env(env.cr, admin.id, company.id)["sports.card"]
    card = topped_up_card(Card, spend_type, holder(env, company), start)
    env.cr.commit()
    # Warm the shared caches (access rights, rules, accounting) outside the timing.
    card_charge(Card, card, amount, "warm-up", f"bench-warmup-{card.id}")
    env.cr.rollback()
    expected_ok = int(cents(start) // cents(amount))
    runner = ThreadRun(bench.registry, threads, 1, args.max_seconds, args.seed)

    note(f"spends: {threads} threads x 1 charge() of {amount:.2f} on a card holding {start:.2f}")
    ours_counts, ours_s, ours_err, ours_cut = runner.run(
        ours_attempts(admin.id, company.id, card.id, amount, f"bench-{card.id}", args.max_seconds)
    )
    ours, ours_tries = outcomes(ours_counts)
    env.invalidate_all()
    env.cr.rollback()
    balance, ledger_sum, spend_moves, posted = card_ledger(env.cr, card)
    integrity = card.sudo()._check_balance_integrity()  # the superuser's view of every move

    note(f"spends: the same {threads} charge() one after the other on one cursor")
    serial_card = topped_up_card(Card, spend_type, card.partner_id, start)
    env.cr.commit()
    serial = defaultdict(int)
    t0 = time.perf_counter()
    for i in range(threads):
        try:
            key = f"bench-serial-{serial_card.id}-{i}"
            card_charge(Card, serial_card.id, amount, "bench spend", key)
            env.cr.commit()
            serial["accepted"] += 1
        except UserError:
            env.cr.rollback()
            serial["rejected"] += 1
    serial_s = time.perf_counter() - t0

    note("spends: naive read-check-write in a scratch table, READ COMMITTED")
    naive, naive_s, naive_err, naive_cut, naive_balance, naive_debited = naive_run(
        runner, env.cr, amount, start, ISOLATION_LEVEL_READ_COMMITTED
    )
    note("spends: the same naive code under REPEATABLE READ (Odoo's level), no retry")
    rr, rr_s, rr_err, rr_cut, rr_balance, _rr_debited = naive_run(
        runner, env.cr, amount, start, ISOLATION_LEVEL_REPEATABLE_READ
    )
    for table in (NAIVE_CARD, NAIVE_MOVE):
        env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
    env.cr.commit()

    def cut(hit):
        return " (time limit hit)" if hit else ""

    ours_rate = (ours["accepted"] + ours["rejected"]) / ours_s
    naive_rate = (naive["accepted"] + naive["rejected"]) / naive_s
    serial_rate = threads / serial_s
    lost = naive["accepted"] * amount - (start - float(naive_balance))
    figure(
        "cards.spend",
        f"ours: {threads} charge() of {amount:.2f} on {start:.2f}: {ours['accepted']} accepted, "
        f"{ours['rejected']} rejected, final balance {float(balance):.2f}, sum of moves "
        f"{float(ledger_sum):.2f}, {spend_moves} spend moves ({posted} posted), "
        f"{ours_tries - threads} retries after serialisation failures, {ours_s:.2f} s, "
        f"{ours_rate:.1f} spends/s" + cut(ours_cut),
    )
    figure(
        "cards.naive",
        f"read-check-write, READ COMMITTED: {naive['accepted']} accepted, {naive['rejected']} "
        f"rejected, final balance {float(naive_balance):.2f}, debits recorded "
        f"{float(naive_debited):.2f}, lost updates {lost:.2f} ({round(lost / amount)} spends), "
        f"negative: {'yes' if naive_balance < 0 else 'no'}, {naive_rate:.0f} spends/s"
        + cut(naive_cut),
    )
    figure(
        "cards.naive_rr",
        f"same code, REPEATABLE READ, no retry: {rr['accepted']} accepted, {rr['rejected']} "
        f"rejected, {rr['conflict']} serialisation failures, final balance "
        f"{float(rr_balance):.2f}, {threads / rr_s:.0f} spends/s" + cut(rr_cut),
    )
    figure(
        "cards.serial",
        f"same charge() one at a time, one cursor: {serial['accepted']} accepted, "
        f"{serial['rejected']} rejected, {serial_s:.2f} s, {serial_rate:.1f} spends/s",
    )
    figure(
        "cards.ratio",
        f"ours/naive spends/s {ratio(ours_rate, naive_rate, 3)}, "
        f"ours/serial {ratio(ours_rate, serial_rate, 2)}",
    )

    checks = Checks()
    checks.no_errors(ours=ours_err, naive=naive_err, naive_rr=rr_err)
    expected_balance = (cents(start) - expected_ok * cents(amount)) / 100
    checks.expect(
        ours["accepted"] == expected_ok and ours["rejected"] == threads - expected_ok,
        f"{ours['accepted']} spends accepted and {ours['rejected']} rejected, expected "
        f"{expected_ok} and {threads - expected_ok}"
        + (f" ({ours['gave_up']} gave up)" if ours["gave_up"] else ""),
    )
    checks.expect(
        cents(balance) == cents(expected_balance),
        f"final balance {balance}, expected {expected_balance:.2f}",
    )
    checks.expect(
        cents(balance) == cents(ledger_sum) and not integrity,
        f"balance {balance} differs from its moves {ledger_sum}: {integrity}",
    )
    checks.expect(
        spend_moves == ours["accepted"],
        f"{ours['accepted']} spends accepted but {spend_moves} spend moves",
    )
    checks.expect(
        serial["accepted"] == expected_ok,
        f"{serial['accepted']} serial spends accepted, expected {expected_ok}",
    )
    if not lost:
        note("the naive baseline happened to lose no update this run (a lucky schedule)")
    return checks


# ----------------------------------------------------------------------------------------
# 2. liability
# ----------------------------------------------------------------------------------------
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


def liability(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    note(f"liability: seeding {args.moves} moves on {args.cards} cards in SQL")
    t0 = time.perf_counter()
    seeded = seed_moves(env, company, admin, args.cards, args.moves)
    note(f"liability: seeded in {time.perf_counter() - t0:.1f} s")
    uenv = user_env(env.cr, admin.id, company.id)
    Card = uenv["sports.card"]
    day = fields.Date.context_today(Card)
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_card_move WHERE company_id = %s AND date <= %s",
            *(company.id, day),
        )
    )
    moves = env.cr.fetchone()[0]

    ours_ms, ours = median_ms(args.repeat, Card._liability_by_type, day, company)
    liability_by_orm(uenv, company, date(2000, 1, 1))  # warm-up
    uenv.invalidate_all()
    orm_ms, orm = time_ms(liability_by_orm, uenv, company, day)
    uenv.invalidate_all()
    rg_ms, read_group = median_ms(args.repeat, liability_by_read_group, uenv, company, day)

    agree, rg_agree = same_totals(ours, orm), same_totals(ours, read_group)
    figure(
        "cards.liability",
        f"{moves} moves ({seeded} seeded) on {len(ours)} card types, liability "
        f"{sum(ours.values()):,.2f}: _liability_by_type {ours_ms:.1f} ms (median of "
        f"{args.repeat}) | ORM search_fetch + Python sum {orm_ms:.0f} ms | ratio ORM/ours "
        f"{ratio(orm_ms, ours_ms, 0)}" + ("" if agree else "  TOTALS DIFFER"),
    )
    figure(
        "cards.liability_rg",
        f"ORM _read_group {rg_ms:.1f} ms (median of {args.repeat}), "
        f"{'same totals' if rg_agree else 'DIFFERENT totals'} | "
        f"ratio read_group/ours {ratio(rg_ms, ours_ms)}",
    )
    env.cr.rollback()
    checks = Checks()
    checks.expect(agree, f"the liability totals disagree: {ours} vs {orm}")
    checks.expect(rg_agree, f"the _read_group totals disagree: {ours} vs {read_group}")
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("spend", spend), Case("liability", liability)],
    options=[
        option("--spends", 50, "parallel spends (threads)"),
        option("--amount", 3.0, "amount of each spend"),
        option("--balance", 100.0, "top-up before spending"),
        option("--max-seconds", 60.0, "time limit of each spend run"),
        option("--moves", 100_000, "moves of the report"),
        option("--cards", 1000, "cards the moves are on"),
        option("--repeat", 5, "runs of the report"),
    ],
    seed=5,
    prepare=prepare,
    db_maxconn=lambda args: args.spends + 8,
    # Every lost race for the card row is a serialisation failure that odoo.sql_db logs as
    # a "bad query" with its traceback; they are expected here, retried and counted.
    log_levels={"odoo.sql_db": logging.CRITICAL},
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
