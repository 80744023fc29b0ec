"""The ``profile`` case of the card benchmark (``scripts/bench cards --only profile``).

``cProfile`` of sequential ``charge()`` calls, each committed as the serial run commits
them, with the queries per spend, next to today's path (a journal entry per spend) in the
same run; and what a bare commit costs on this machine (an empty transaction, and one
that wrote one row: the WAL flush every spend pays, as it must for money).
"""

import cProfile
import threading
import time

from addon_api import card_charge
from cards_data import card_type, holder, topped_up_card
from cards_today import today_charge
from harness import Checks, figure, note, print_profile, ratio, user_env

from odoo.tools import SQL

PROFILE_TYPE = "Bench Stored Value"


def run_spends(env, Card, card, count, charge_func, label, profiler=None):
    """``count`` spends of 1.00 on ``card``, each committed: (spends/s, queries/spend)."""
    cr = env.cr
    queries = cr.sql_log_count
    t0 = time.perf_counter()
    if profiler:
        profiler.enable()
    for i in range(count):
        charge_func(Card, card.id, 1.0, "bench profile", f"bench-profile-{label}-{card.id}-{i}")
        cr.commit()
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - t0
    return count / seconds, (cr.sql_log_count - queries) / count


def commit_cost(env, count):
    """(ms per empty commit, ms per commit of a one-row write) on the benchmark's cursor."""
    cr = env.cr
    cr.execute(SQL("CREATE TEMPORARY TABLE IF NOT EXISTS bench_commit_probe (n int)"))
    cr.commit()
    t0 = time.perf_counter()
    for _i in range(count):
        cr.execute(SQL("SELECT 1"))
        cr.commit()
    empty = (time.perf_counter() - t0) * 1000 / count
    # A temporary table writes no WAL: the probe writes a row of a real (logged) table.
    cr.execute(SQL("CREATE TABLE IF NOT EXISTS bench_commit_probe_logged (n int)"))
    cr.commit()
    t0 = time.perf_counter()
    for i in range(count):
        cr.execute(SQL("INSERT INTO bench_commit_probe_logged VALUES (%s)", i))
        cr.commit()
    written = (time.perf_counter() - t0) * 1000 / count
    cr.execute(SQL("DROP TABLE bench_commit_probe_logged"))
    cr.commit()
    return empty, written


def profile(bench):
    env, args = bench.env, bench.args
    company, admin = bench.data["company"], bench.data["admin"]
    calls = args.profile_calls
    spend_type = card_type(env, company, PROFILE_TYPE)
    Card = user_env(env.cr, admin.id, company.id)["sports.card"]
    partner = holder(env, company)
    cards = [topped_up_card(Card, spend_type, partner, calls + 1) for _i in range(3)]
    env.cr.commit()
    # Warm both paths outside the timing.
    card_charge(Card, cards[0], 1.0, "warm-up", f"bench-profile-warm-{cards[0].id}")
    today_charge(Card, cards[2], 1.0, "warm-up", f"bench-profile-warm-{cards[2].id}")
    env.cr.commit()

    note(f"profile: {calls} sequential charge() calls under cProfile")
    profiler = cProfile.Profile()
    run_spends(env, Card, cards[0], calls, card_charge, "profiled", profiler)
    note("profile: charge() and today's path, unprofiled")
    ours_rate, ours_q = run_spends(env, Card, cards[1], calls, card_charge, "ours")
    today_rate, today_q = run_spends(env, Card, cards[2], calls, today_charge, "today")
    empty_ms, written_ms = commit_cost(env, calls)

    print_profile(profiler, args.profile_top)
    figure(
        "cards.profile",
        f"{calls} sequential charge()+commit: {ours_rate:.0f} spends/s, {ours_q:.1f} "
        f"queries/spend | today's path: {today_rate:.0f} spends/s, {today_q:.1f} "
        f"queries/spend | ratio ours/today {ratio(ours_rate, today_rate)}",
    )
    figure(
        "cards.commit",
        f"a bare commit: {empty_ms:.2f} ms empty, {written_ms:.2f} ms after a one-row insert "
        f"(WAL flush, synchronous_commit as configured)",
    )
    env.invalidate_all()
    balances = Card.browse([card.id for card in cards]).sudo()._check_balance_integrity()
    checks = Checks()
    checks.expect(not balances, f"balances differ from their moves: {balances}")
    return checks


def json2_floor(client, threads):
    """``threads`` bare authenticated JSON-2 calls at once (``res.users.context_get``):
    calls/s, what this server answers when no card lock is involved. The 50 writers'
    spends cannot beat it: above the lock, each pays Odoo's per-request cost (HTTP, the
    API key check, the environment) on the same cores."""
    barrier = threading.Barrier(threads)
    errors = []

    def call():
        barrier.wait(timeout=60)
        try:
            client.execute("res.users", "context_get")
        except Exception as error:  # noqa: BLE001 - counted as a bench error
            errors.append(str(error)[:300])

    workers = [threading.Thread(target=call) for _i in range(threads)]
    t0 = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return threads / (time.perf_counter() - t0), errors
