"""Member card benchmarks (issues 5 and 20), each figure against a baseline measured in the
same run.

1. spend: ``charge()`` as it is now (the spend writes its ledger row only; the accounting
   batch posts one journal entry per card type, day and kind), against "today's path", the
   code before issue 20: each spend posts its own journal entry under the card lock, and
   concurrent spends run under Odoo's REPEATABLE READ, retrying serialisation failures.
   - sequential: ``--serial`` spends of 1.00 one after the other on one cursor, each
     committed, ours then today's path, each on its own card;
   - 50 writers: ``--spends`` spends of 3.00 at once on one card holding 100.00. Ours are
     JSON-2 calls ``/json/2/sports.card/charge`` to the odoo-bin started here, as
     production serves them: ``--workers`` prefork workers (2 x cores + 1; 0 for the
     threaded server, where the 50 requests share one Python interpreter and the lock
     holder waits for it between its statements) with a listen backlog for 50 calls (the
     hot entry point: the spend is the first work of a READ COMMITTED transaction, the
     lock waits); today's path is the same number of threads in this process, each with its own
     cursor at REPEATABLE READ, retrying serialisation failures. Exactly 33 accepted, 17
     rejected, balance 1.00 == the sum of the card's moves, for both.
   Then the batch posts the run's spends, and the liability report must equal the GL.
2. liability: ``sports.card._liability_by_type(today)`` over 100,000 ledger moves (seeded
   in SQL, card balances kept equal to their moves) versus an ORM ``search_fetch`` of the
   moves summed in Python; both must give the same totals.
3. profile: ``cProfile`` and queries per spend of sequential ``charge()`` calls, each
   committed, next to today's path, and the cost of a bare commit (``cards_profile.py``).

Run it with ``scripts/bench cards`` (see benchmarks/README.md). Everything it creates lives
in the company "Arena Bench Cards" of the benchmark database and is re-created each run.
"""

import logging
import os
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import date

import harness
from addon_api import card_charge
from cards_data import (
    api_key,
    card_type,
    holder,
    prepare,
    seed_moves,
    topped_up_card,
)
from cards_profile import json2_floor
from cards_profile import profile as profile_spends
from cards_today import RETRY_PAUSE, rr_attempts, today_charge
from harness import (
    Bench,
    Case,
    Checks,
    ThreadRun,
    figure,
    http_port_option,
    median_ms,
    note,
    option,
    ratio,
    time_ms,
    user_env,
)

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import SQL

from hw_proxy.odoo_client import OdooError

CORES = os.cpu_count() or 1

SPEND_TYPE = "Bench Stored Value"
TARGET_SERIAL, TARGET_PARALLEL = 100.0, 30.0  # spends/s (issue 20)


def cents(value):
    return round(float(value) * 100)


# ----------------------------------------------------------------------------------------
# 1. spend
# ----------------------------------------------------------------------------------------
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


def json2_spends(client, company_id, card_id, amount, threads, max_seconds):
    """``threads`` JSON-2 spends at once: (outcomes, tries, seconds, errors)."""
    barrier = threading.Barrier(threads)
    lock, counts, errors, tries, ends = threading.Lock(), Counter(), [], [0], []
    context = {"allowed_company_ids": [company_id]}

    def spend(index):
        key = f"bench-json2-{card_id}-{index}-{uuid.uuid4()}"
        barrier.wait(timeout=60)
        t0 = time.perf_counter()
        outcome = "gave_up"
        while time.perf_counter() - t0 < max_seconds:
            with lock:
                tries[0] += 1
            try:
                client.execute(
                    "sports.card",
                    "charge",
                    ids=[card_id],
                    amount=amount,
                    idempotency_key=key,
                    ref="bench spend",
                    context=context,
                )
                outcome = "accepted"
                break
            except OdooError as error:
                if error.status == 409:  # busy: nothing was written, send it again
                    time.sleep(RETRY_PAUSE * (index % 7) / 7)
                    continue
                if error.status == 422:  # the card cannot pay: a UserError
                    outcome = "rejected"
                    break
                with lock:
                    errors.append(str(error)[:300])
                outcome = "error"
                break
        with lock:
            counts[outcome] += 1
            ends.append(time.perf_counter())

    workers = [threading.Thread(target=spend, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=max_seconds + 60)
    return counts, tries[0], max(max(ends, default=started) - started, 1e-9), errors


def serial_run(env, Card, card, count, amount, charge_func, label):
    """``count`` spends of ``amount`` one after the other, each committed: (accepted,
    seconds)."""
    accepted = 0
    t0 = time.perf_counter()
    for i in range(count):
        try:
            charge_func(Card, card.id, amount, "bench spend", f"bench-{label}-{card.id}-{i}")
            env.cr.commit()
            accepted += 1
        except UserError:
            env.cr.rollback()
    return accepted, time.perf_counter() - t0


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


def gl_and_liability(env, company):
    """(paid money held on the company's cards by the report, the GL liability balance)."""
    env.invalidate_all()
    report = env["sports.card"]._liability_by_type(fields.Date.today(), company)
    env.cr.execute(
        SQL(
            """
        SELECT -COALESCE(SUM(balance), 0) FROM account_move_line
         WHERE account_id = %s AND parent_state = 'posted' AND company_id = %s
        """,
            company.card_liability_account_id.id,
            company.id,
        )
    )
    return sum(report.values()), float(env.cr.fetchone()[0])


def spend(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    threads, amount, start = args.spends, args.amount, args.balance
    spend_type = card_type(env, company, SPEND_TYPE)
    Card = user_env(env.cr, admin.id, company.id)["sports.card"]
    partner = holder(env, company)
    cards = [topped_up_card(Card, spend_type, partner, start) for _i in range(2)]
    serial_cards = [topped_up_card(Card, spend_type, partner, args.serial) for _i in range(2)]
    warm = topped_up_card(Card, spend_type, partner, start)
    key = api_key(env, admin)
    env.cr.commit()
    # Warm the shared caches (access rights, rules, accounting) and the server outside the
    # timing.
    today_charge(Card, warm, 1.0, "warm-up", f"bench-warmup-{warm.id}")
    env.cr.commit()
    client = bench.server.client(key)
    client.execute(
        "sports.card",
        "charge",
        ids=[warm.id],
        amount=1.0,
        idempotency_key=f"bench-warmup-json2-{warm.id}",
        context={"allowed_company_ids": [company.id]},
    )
    # Each worker process warms its own caches (registry, rules, the spend's reads): a
    # round of bare calls and of small spends at once, untimed.
    json2_floor(client, threads)
    json2_spends(client, company.id, warm.id, 0.01, threads, args.max_seconds)
    expected_ok = int(cents(start) // cents(amount))

    note(f"spends: {args.serial} charge() of 1.00 one after the other, ours then today's path")
    ours_serial, ours_serial_s = serial_run(
        env, Card, serial_cards[0], args.serial, 1.0, card_charge, "serial"
    )
    today_serial, today_serial_s = serial_run(
        env, Card, serial_cards[1], args.serial, 1.0, today_charge, "serial-today"
    )

    floor_rate, floor_err = json2_floor(client, threads)
    note(f"spends: {threads} JSON-2 charge() of {amount:.2f} at once on a card of {start:.2f}")
    ours, ours_tries, ours_s, ours_err = json2_spends(
        client, company.id, cards[0].id, amount, threads, args.max_seconds
    )
    note(f"spends: today's path, {threads} threads at REPEATABLE READ with retries")
    runner = ThreadRun(bench.registry, threads, 1, args.max_seconds, args.seed)
    today_counts, today_s, today_err, today_cut = runner.run(
        rr_attempts(
            admin.id, company.id, cards[1].id, amount, f"bench-{cards[1].id}", args.max_seconds
        )
    )
    today, today_tries = outcomes(today_counts)
    env.invalidate_all()
    env.cr.rollback()  # a new snapshot, which sees what the server and threads committed
    ledgers = [card_ledger(env.cr, card) for card in cards]
    integrity = Card.browse([c.id for c in cards + serial_cards]).sudo()
    integrity = integrity._check_balance_integrity()  # the superuser's view of every move

    note("spends: the accounting batch posts the run's spends")
    report_before, gl_before = gl_and_liability(env, company)
    Move = env["sports.card.move"]
    pending = Move.search_count(
        [("company_id", "=", company.id), ("accounting_pending", "=", True)]
    )
    batch_ms, entries = time_ms(Move._post_pending_accounting, company)
    env.cr.commit()
    report_after, gl_after = gl_and_liability(env, company)
    posted = [card_ledger(env.cr, card)[3] for card in cards]

    ours_serial_rate = args.serial / ours_serial_s
    today_serial_rate = args.serial / today_serial_s
    ours_rate = (ours["accepted"] + ours["rejected"]) / ours_s
    today_rate = (today["accepted"] + today["rejected"]) / today_s
    cut = " (time limit hit)" if today_cut else ""
    figure(
        "cards.serial",
        f"ours: {args.serial} charge() one at a time: {ours_serial} accepted, "
        f"{ours_serial_s:.2f} s, {ours_serial_rate:.1f} spends/s | today's path (an entry "
        f"per spend) {today_serial_s:.2f} s, {today_serial_rate:.1f} spends/s | ratio "
        f"{ratio(ours_serial_rate, today_serial_rate)}",
    )
    figure(
        "cards.spend",
        f"ours: {threads} JSON-2 charge() of {amount:.2f} on {start:.2f} "
        f"({f'{args.workers} workers' if args.workers else 'threaded server'}): "
        f"{ours['accepted']} "
        f"accepted, {ours['rejected']} rejected, balance {float(ledgers[0][0]):.2f}, sum of "
        f"moves {float(ledgers[0][1]):.2f}, {ours_tries - threads} retries (HTTP 409), "
        f"{ours_s:.2f} s, {ours_rate:.1f} spends/s",
    )
    figure(
        "cards.json2_floor",
        f"{threads} bare JSON-2 calls at once (context_get, no card): {floor_rate:.1f} calls/s, "
        f"the ceiling of this server for any {threads} calls | spends/floor "
        f"{ratio(ours_rate, floor_rate, 2)}",
    )
    figure(
        "cards.spend_today",
        f"today's path: {threads} threads, REPEATABLE READ + retry, an entry per spend: "
        f"{today['accepted']} accepted, {today['rejected']} rejected, balance "
        f"{float(ledgers[1][0]):.2f}, sum of moves {float(ledgers[1][1]):.2f}, "
        f"{today_tries - threads} retries after serialisation failures, {today_s:.2f} s, "
        f"{today_rate:.1f} spends/s{cut}",
    )
    figure(
        "cards.ratio",
        f"50 writers ours/today {ratio(ours_rate, today_rate)}, one at a time ours/today "
        f"{ratio(ours_serial_rate, today_serial_rate)}; targets >= {TARGET_SERIAL:.0f}/s one at "
        f"a time, >= {TARGET_PARALLEL:.0f}/s with {threads} writers",
    )
    figure(
        "cards.batch",
        f"{pending} pending spends posted as {len(entries)} journal entries in {batch_ms:.0f} "
        f"ms; liability {report_after:,.2f} == GL {gl_after:,.2f} (before the batch: "
        f"report {report_before:,.2f}, GL {gl_before:,.2f})",
    )

    checks = Checks()
    checks.no_errors(ours=ours_err, today=today_err, floor=floor_err)
    for label, result, (balance, ledger_sum, spend_moves, _posted), cut_short in (
        ("ours", ours, ledgers[0], False),
        ("today's path", today, ledgers[1], today_cut),
    ):
        if cut_short:
            # The baseline ran out of time (a loaded machine): its spends that gave up
            # wrote nothing; what it accepted must still be exact.
            note(f"{label} hit the time limit: {result['gave_up']} spends gave up")
        else:
            checks.expect(
                result["accepted"] == expected_ok and result["rejected"] == threads - expected_ok,
                f"{label}: {result['accepted']} spends accepted and {result['rejected']} "
                f"rejected, expected {expected_ok} and {threads - expected_ok}"
                + (f" ({result['gave_up']} gave up)" if result["gave_up"] else ""),
            )
        left = (cents(start) - result["accepted"] * cents(amount)) / 100
        checks.expect(
            cents(balance) == cents(left) == cents(ledger_sum),
            f"{label}: balance {balance}, sum of moves {ledger_sum}, expected {left:.2f}",
        )
        checks.expect(
            spend_moves == result["accepted"],
            f"{label}: {result['accepted']} spends accepted but {spend_moves} spend moves",
        )
    checks.expect(not integrity, f"balances differ from their moves: {integrity}")
    checks.expect(
        ours_serial == today_serial == args.serial,
        f"serial spends accepted: ours {ours_serial}, today's {today_serial}, of {args.serial}",
    )
    checks.expect(
        posted == [ours["accepted"], today["accepted"]],
        f"spends posted after the batch: {posted}, expected "
        f"{[ours['accepted'], today['accepted']]}",
    )
    checks.expect(
        cents(report_after) == cents(gl_after),
        f"liability {report_after:.2f} differs from the GL {gl_after:.2f} after the batch",
    )
    checks.expect(
        ours_serial_rate >= TARGET_SERIAL,
        f"one at a time {ours_serial_rate:.1f} spends/s, target {TARGET_SERIAL:.0f}",
    )
    checks.expect(
        ours_rate >= TARGET_PARALLEL,
        f"{threads} writers {ours_rate:.1f} spends/s, target {TARGET_PARALLEL:.0f}",
    )
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
    cases=[
        Case("spend", spend, server=True),
        Case("liability", liability),
        Case("profile", profile_spends),
    ],
    options=[
        option("--spends", 50, "parallel spends (threads)"),
        option("--workers", 2 * CORES + 1, "prefork workers of the server (0: threaded)"),
        option("--serial", 200, "spends one at a time"),
        option("--amount", 3.0, "amount of each spend"),
        option("--balance", 100.0, "top-up before spending"),
        option("--max-seconds", 60.0, "time limit of each spend run"),
        option("--moves", 100_000, "moves of the report"),
        option("--cards", 1000, "cards the moves are on"),
        option("--repeat", 5, "runs of the report"),
        option("--profile-calls", 200, "sequential charge() calls of the profile"),
        option("--profile-top", 25, "functions printed by the profile, by each sort"),
        http_port_option(),
    ],
    seed=5,
    prepare=prepare,
    db_maxconn=lambda args: args.spends + 8,
    # Every lost race of today's path for the card row is a serialisation failure that
    # odoo.sql_db logs as a "bad query" with its traceback; they are expected, retried and
    # counted.
    log_levels={"odoo.sql_db": logging.CRITICAL},
)

if __name__ == "__main__":
    ARGS = BENCH.parse_args(sys.argv[1:])
    if ARGS.workers:
        # As production (docker/compose.yaml): prefork workers, the gevent process on a
        # port of its own, a backlog that holds the 50 writers' connections.
        harness.OdooServer.EXTRA_ARGS = (
            f"--workers={ARGS.workers}",
            f"--gevent-port={ARGS.http_port + 3}",
            "--db_maxconn=8",
        )
        harness.OdooServer.LISTEN_BACKLOG = 1024
    sys.exit(BENCH.main(sys.argv[1:]))
