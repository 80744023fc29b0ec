"""Merchant stall settlement benchmark (issue 16): one settlement run over a month of POS sales.

run: ``--lines`` POS order lines (1,000,000) across ``--stalls`` stalls (50) for last month,
inserted in SQL into one closed session per day of a shared food-court POS (four lines of
mixed stalls per order, one order in 25 a refund, payments in cash, by card, split between
both, or in cash with change). Ours: ``sports.stall.settlement.run.action_run()``, the whole
run (one SQL query over the lines, the settlements and their lines, the session markers,
and the bills, invoices and netting entries posted and reconciled), and its query alone.
The baseline, in the same run: an ORM loop over the orders of a ``--sample``-line sample
(10,000), reading each order's lines, products and payments and splitting them by day,
category and method in Python, extrapolated to all the lines. The checks: one settlement per
stall, their gross equal to the lines' sum in SQL, every settlement adding up to the cent,
one marker per (session, stall), and the baseline's totals on its sample equal to ours.

Run it with ``scripts/bench stalls`` (see benchmarks/README.md). It runs in a database of
its own (``arena_bench_stalls``), created afresh on every run; the run is rolled back at
the end.
"""

import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

from harness import TZ, Bench, BenchError, Case, Checks, bench_company, figure, note, option, ratio

from odoo import Command
from odoo.tools import SQL

COMPANY_NAME = "Arena Bench Stalls"
CHART = "generic_coa"
CATEGORIES = 4  # per stall: its own and three under it
PRODUCTS_PER_STALL = 4
LINES_PER_ORDER = 4


def _last_month():
    first = date.today().replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end


def prepare(bench):
    """The company, venue, stalls, merchants, contracts, products and a POS of the run, one
    closed session per day of last month, and the sales inserted in SQL."""
    env = bench.env
    args = bench.args
    company, _admin = bench_company(env, COMPANY_NAME)
    if not company.chart_template:
        note(f"loading the chart of accounts {CHART} into {COMPANY_NAME}")
        env["account.chart.template"].try_loading(CHART, company, install_demo=False)
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    bench.env = env
    stamp = time.strftime("%H%M%S")
    start, end = _last_month()
    venue = env["sports.venue"].create(
        {"name": f"Bench Stalls {stamp}", "code": f"BS{stamp}", "company_id": company.id, "tz": TZ}
    )
    stalls = env["sports.stall"].create(
        [
            {"name": f"Bench stall {i:02d}", "code": f"B{i:02d}", "venue_id": venue.id}
            for i in range(args.stalls)
        ]
    )
    # Each stall's own category (created with the stall) and sub-categories under it.
    subs = env["product.category"].create(
        [
            {"name": f"Bench {stall.code} sub {i}", "parent_id": stall.product_category_id.id}
            for stall in stalls
            for i in range(CATEGORIES - 1)
        ]
    )
    categories = {
        stall: [stall.product_category_id, *subs[s * (CATEGORIES - 1) : (s + 1) * (CATEGORIES - 1)]]
        for s, stall in enumerate(stalls)
    }
    merchants = env["res.partner"].create(
        [{"name": f"Bench merchant {i:02d}", "company_id": company.id} for i in range(args.stalls)]
    )
    banks = env["res.partner.bank"].create(
        [
            {"acc_number": f"6222 0000 {stamp} {i:04d}", "partner_id": merchant.id}
            for i, merchant in enumerate(merchants)
        ]
    )
    cash_journal = env["account.journal"].create(
        {"name": f"Bench Cash {stamp}", "code": f"C{stamp[-4:]}", "type": "cash"}
    )
    bank_journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    cash, card = env["pos.payment.method"].create(
        [
            {"name": f"Bench cash {stamp}", "journal_id": cash_journal.id},
            {"name": f"Bench card {stamp}", "journal_id": bank_journal.id},
        ]
    )
    vat = env["account.tax"].create(
        {"name": f"Bench VAT 6% {stamp}", "amount": 6, "type_tax_use": "sale"}
    )
    contracts = env["sports.stall.contract"].create(
        [
            {
                "stall_id": stall.id,
                "partner_id": merchant.id,
                "bank_account_id": bank.id,
                "date_start": start - timedelta(days=365),
                "cycle": "monthly",
                "rent_amount": 3000.0,
                "commission_rate": 12.0,
                "min_guarantee": 500.0,
                "commission_ids": [
                    Command.create({"categ_id": categories[stall][1].id, "rate": 18.0})
                ],
                "fee_ids": [
                    Command.create({"payment_method_id": card.id, "rate": 0.6, "passed_on": True})
                ],
                "charge_tax_ids": [Command.set(vat.ids)],
            }
            for stall, merchant, bank in zip(stalls, merchants, banks, strict=True)
        ]
    )
    contracts.action_activate()
    products = env["product.product"].create(
        [
            {
                "name": f"Bench item {s:02d}-{p}",
                "type": "consu",
                "categ_id": categories[stall][p % CATEGORIES].id,
                "list_price": 10.0,
                "taxes_id": [Command.clear()],
                "sports_stall_id": stall.id,
                "company_id": company.id,
            }
            for s, stall in enumerate(stalls)
            for p in range(PRODUCTS_PER_STALL)
        ]
    )
    config = env["pos.config"].create(
        {
            "name": f"Bench food court {stamp}",
            "payment_method_ids": [Command.set([cash.id, card.id])],
        }
    )
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    opening = [venue._to_utc(datetime.combine(day, datetime.min.time())) for day in days]
    t0 = time.perf_counter()
    sessions = _insert_sales(env, args, company, config, cash, card, stalls, products, opening)
    note(f"inserted {args.lines:,} lines in {time.perf_counter() - t0:.0f} s")
    bench.data.update(
        venue=venue,
        stalls=stalls,
        sessions=sessions,
        start=start,
        end=end,
        cash=cash,
        card=card,
        insert_s=time.perf_counter() - t0,
    )


def _insert_sales(env, args, company, config, cash, card, stalls, products, opening):
    """One closed session per day (08:00 to 23:00 local) and the orders, lines and
    payments in SQL; returns the sessions' ids."""
    cr = env.cr
    env.flush_all()
    cr.execute(
        SQL(
            """
INSERT INTO pos_session (name, config_id, user_id, state, start_at, stop_at)
SELECT 'BENCH/' || i, %(config)s, %(user)s, 'closed',
       o + interval '8 hours', o + interval '23 hours'
  FROM unnest(%(opening)s::timestamp[]) WITH ORDINALITY AS t(o, i)
RETURNING id
            """,
            config=config.id,
            user=env.uid,
            opening=opening,
        )
    )
    sessions = [row[0] for row in cr.fetchall()]
    orders = args.lines // LINES_PER_ORDER
    cr.execute(
        SQL(
            """
CREATE TEMP TABLE bench_line ON COMMIT DROP AS
SELECT g, k, (g + k * 13) %% %(nstalls)s AS s,
       CASE WHEN g %% 25 = 0 THEN -1 ELSE 1 + (g + k) %% 2 END AS qty,
       ((100 + (g * 31 + k * 977) %% 9000)::numeric / 100) AS price
  FROM generate_series(0, %(orders)s - 1) g, generate_series(0, %(per)s - 1) k;
CREATE TEMP TABLE bench_order ON COMMIT DROP AS
SELECT g, SUM(qty * price) AS total FROM bench_line GROUP BY g;
SELECT COALESCE(MAX(id), 0) FROM pos_order
            """,
            nstalls=len(stalls),
            orders=orders,
            per=LINES_PER_ORDER,
        )
    )
    base = cr.fetchone()[0]
    ndays = len(sessions)
    cr.execute(
        SQL(
            """
INSERT INTO pos_order (id, name, pos_reference, session_id, config_id, company_id, date_order,
                       state, amount_tax, amount_total, amount_paid, amount_return)
SELECT %(base)s + 1 + g, 'Bench ' || g, 'Bench ' || g,
       (%(sessions)s::int[])[g %% %(ndays)s + 1], %(config)s, %(company)s,
       (%(opening)s::timestamp[])[g %% %(ndays)s + 1] + interval '8 hours'
           + ((g * 7919) %% 50400) * interval '1 second',
       'paid', 0, total, total, 0
  FROM bench_order;
SELECT setval('pos_order_id_seq', (SELECT MAX(id) FROM pos_order));
INSERT INTO pos_order_line (name, order_id, product_id, qty, price_unit, price_subtotal,
                            price_subtotal_incl, sports_stall_id, full_product_name)
SELECT 'BL/' || g || '/' || k, %(base)s + 1 + g,
       (%(products)s::int[])[s * %(pps)s + (g * 3 + k) %% %(pps)s + 1],
       qty, price, qty * price, qty * price, (%(stalls)s::int[])[s + 1], 'Bench item'
  FROM bench_line;
INSERT INTO pos_payment (name, pos_order_id, session_id, company_id, payment_method_id,
                         amount, payment_date, is_change)
SELECT '', %(base)s + 1 + g, (%(sessions)s::int[])[g %% %(ndays)s + 1], %(company)s,
       p.method, p.amount, now() at time zone 'UTC', p.is_change
  FROM bench_order,
       LATERAL (
           SELECT %(cash)s AS method, total AS amount, false AS is_change
            WHERE g %% 4 = 0 OR (g %% 4 = 3 AND total <= 0)
           UNION ALL SELECT %(card)s, total, false WHERE g %% 4 = 1
           UNION ALL SELECT %(card)s, floor(total * 40) / 100, false WHERE g %% 4 = 2
           UNION ALL SELECT %(cash)s, total - floor(total * 40) / 100, false WHERE g %% 4 = 2
           UNION ALL SELECT %(cash)s, total + 10, false WHERE g %% 4 = 3 AND total > 0
           UNION ALL SELECT %(cash)s, -10, true WHERE g %% 4 = 3 AND total > 0
       ) p;
ANALYZE pos_order; ANALYZE pos_order_line; ANALYZE pos_payment; ANALYZE pos_session
            """,
            base=base,
            sessions=sessions,
            ndays=ndays,
            config=config.id,
            company=company.id,
            opening=opening,
            products=products.ids,
            pps=PRODUCTS_PER_STALL,
            stalls=stalls.ids,
            cash=cash.id,
            card=card.id,
        )
    )
    env.invalidate_all()
    return sessions


def _baseline(env, venue, sessions, sample):
    """The ORM loop over orders: ``{(stall, day, categ, method): amount}`` of the first
    orders up to ``sample`` lines, and the number of lines read."""
    orders = env["pos.order"].search(
        [("session_id", "in", sessions)], order="id", limit=sample // LINES_PER_ORDER
    )
    totals = defaultdict(float)
    lines_read = 0
    for order in orders:
        day = venue._local_date(order.date_order)
        paid = order.amount_paid
        by_method = defaultdict(float)
        for payment in order.payment_ids:
            by_method[payment.payment_method_id.id] += payment.amount
        for line in order.lines:
            lines_read += 1
            key = (line.sports_stall_id.id, day, line.product_id.categ_id.id)
            if not paid:
                totals[(*key, None)] += line.price_subtotal_incl
                continue
            for method, amount in by_method.items():
                totals[(*key, method)] += line.price_subtotal_incl * amount / paid
    return totals, lines_read, orders


def run_case(bench):
    env, data, checks = bench.env, bench.data, Checks()
    stalls, sessions = data["stalls"], data["sessions"]
    figure("stalls.insert", f"{bench.args.lines:,} lines inserted in SQL in {data['insert_s']:.1f} s")
    cr = env.cr
    cr.execute(
        SQL(
            "SELECT COUNT(*), SUM(price_subtotal_incl) FROM pos_order_line "
            "WHERE sports_stall_id = ANY(%s)",
            stalls.ids,
        )
    )
    count, expected = cr.fetchone()
    if count != bench.args.lines:
        raise BenchError(f"{count} lines inserted, not {bench.args.lines}")
    Run = env["sports.stall.settlement.run"]
    run = Run.create(
        {"venue_id": data["venue"].id, "date_from": data["start"], "date_to": data["end"]}
    )
    cutoff = data["venue"]._day_bounds(data["end"])[1]
    t0 = time.perf_counter()
    run._query_rows(stalls, cutoff)
    query_s = time.perf_counter() - t0
    env.invalidate_all()
    before = cr.sql_log_count
    t0 = time.perf_counter()
    run.action_run()
    env.flush_all()
    run_s = time.perf_counter() - t0
    queries = cr.sql_log_count - before
    settlements = run.settlement_ids
    # The baseline on a sample, extrapolated to all the lines.
    env.invalidate_all()
    t0 = time.perf_counter()
    totals, lines_read, orders = _baseline(env, data["venue"], sessions, bench.args.sample)
    sample_s = time.perf_counter() - t0
    baseline_s = sample_s * count / max(lines_read, 1)
    figure(
        "stalls.run",
        f"ours: {count:,} lines of {len(stalls)} stalls settled in {run_s:.1f} s "
        f"({len(settlements)} settlements, {len(settlements.line_ids):,} lines, "
        f"{len(settlements.bill_id) + len(settlements.invoice_id) + len(settlements.netting_move_id)} "
        f"moves, {queries:,} queries); the query alone {query_s:.1f} s",
    )
    figure(
        "stalls.baseline",
        f"ORM loop over orders: {lines_read:,} lines in {sample_s:.1f} s, "
        f"{baseline_s:.0f} s extrapolated to {count:,} lines (reading only, no documents)",
    )
    figure(
        "stalls.ratio",
        f"run/baseline {ratio(run_s, baseline_s, 3)}, query/baseline {ratio(query_s, baseline_s, 3)}, "
        f"baseline/run {ratio(baseline_s, run_s)}; target run <= 10 s: "
        f"{'met' if run_s <= 10 else 'missed'}",
    )
    checks.expect(len(settlements) == len(stalls), f"{len(settlements)} settlements")
    gross = round(sum(settlements.mapped("gross_amount")), 2)
    checks.expect(abs(gross - float(expected)) < 0.005, f"gross {gross} != lines {expected}")
    for s in settlements:
        parts = (
            s.net_amount
            + s.commission_amount
            + s.guarantee_topup
            + s.fee_amount
            + s.rent_amount
            + s.charges_tax
        )
        checks.expect(round(parts * 100) == round(s.gross_amount * 100), f"{s.name} adds up")
        lines = round(sum(s.line_ids.mapped("gross_amount")) * 100)
        checks.expect(lines == round(s.gross_amount * 100), f"{s.name}: lines sum to gross")
    cr.execute(
        SQL(
            "SELECT COUNT(DISTINCT (o.session_id, l.sports_stall_id)) FROM pos_order_line l "
            "JOIN pos_order o ON o.id = l.order_id WHERE l.sports_stall_id = ANY(%s)",
            stalls.ids,
        )
    )
    pairs = cr.fetchone()[0]
    markers = len(settlements.session_settled_ids)
    checks.expect(markers == pairs, f"{markers} session markers for {pairs} (session, stall)")
    # The baseline's sample against ours, per stall: the sample's orders are a share of
    # the month, so compare what ours reads for those orders only.
    ours_sample = defaultdict(float)
    for (stall, _day, _categ, _method), amount in totals.items():
        ours_sample[stall] += amount
    cr.execute(
        SQL(
            "SELECT sports_stall_id, SUM(price_subtotal_incl) FROM pos_order_line "
            "WHERE order_id = ANY(%s) GROUP BY 1",
            orders.ids,
        )
    )
    for stall, amount in cr.fetchall():
        checks.expect(
            abs(ours_sample[stall] - float(amount)) < 0.01,
            f"baseline sample of stall {stall}: {ours_sample[stall]} != {amount}",
        )
    cr.rollback()
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("run", run_case)],
    options=[
        option("--lines", 1_000_000, "POS order lines to settle"),
        option("--stalls", 50, "stalls sharing the food court"),
        option("--sample", 10_000, "lines of the baseline's ORM sample"),
    ],
    prepare=prepare,
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
