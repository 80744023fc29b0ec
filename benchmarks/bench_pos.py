"""Front desk benchmark (issue 14): POS orders paid by member card against cash orders.

sync: ``pos.order.sync_from_ui`` of ``--orders`` orders, one order per call and one
transaction each, as the POS sends them, by a cashier (a normal user whose access rights
apply). Each order sells one lesson (a service) of 10.00: first all paid in cash (the baseline), then all
paid by member card (the server debits the card, under its row lock, with the payment's
idempotency key, and posts the charge against the clearing account). Then 50 card orders
are synced again (a replay debits nothing), the session is closed, and the checks: every
order paid, one spend per card order, the card balances equal their ledgers, the clearing
account reconciled to zero, the card liability equal to the general ledger.

Run it with ``scripts/bench pos`` (see benchmarks/README.md). Everything it creates lives in
the company "Arena Bench POS" of the benchmark database: a desk of its own per run, whose
session is closed at the end.
"""

import sys
import time
import uuid

from harness import (
    Bench,
    BenchError,
    Case,
    Checks,
    bench_company,
    figure,
    note,
    option,
    ratio,
    user_env,
)

from odoo import fields

COMPANY_NAME = "Arena Bench POS"
CHART = "generic_coa"
PRICE = 10.0
CARDS = 100
REPLAYS = 50


def prepare(bench):
    """The company with a chart of accounts, a cashier, the card payment method, a cash
    method, a product and a desk of this run with an open session; funded cards."""
    env = bench.env
    company, admin = bench_company(env, COMPANY_NAME)
    if not company.chart_template:
        note(f"loading the chart of accounts {CHART} into {COMPANY_NAME} (first run only)")
        env["account.chart.template"].try_loading(CHART, company, install_demo=False)
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    company._arena_card_accounting()
    admin.group_ids = [
        fields.Command.link(env.ref("point_of_sale.group_pos_user").id),
        fields.Command.link(env.ref("sports_venue.group_arena_user").id),
    ]
    card_method = env["pos.payment.method"]._sports_card_payment_method(company)
    # A cash payment method belongs to one desk: each run's desk has its own.
    stamp = time.strftime("%Y%m%d-%H%M%S")
    cash_journal = env["account.journal"].create(
        {
            "name": f"Bench Cash {stamp}",
            "code": f"C{uuid.uuid4().hex[:4].upper()}",
            "type": "cash",
            "company_id": company.id,
        }
    )
    cash_method = env["pos.payment.method"].create(
        {"name": "Bench Cash", "journal_id": cash_journal.id, "company_id": company.id}
    )
    if not cash_method.is_cash_count:
        raise BenchError(f"{cash_method.name} is not a cash payment method")
    product = env["product.product"].search(
        [("name", "=", "Bench Lesson"), ("company_id", "=", company.id)], limit=1
    ) or env["product.product"].create(
        {
            "name": "Bench Lesson",
            # A service: no picking per order, so the figures are about the payment.
            "type": "service",
            "list_price": PRICE,
            "available_in_pos": True,
            "taxes_id": [fields.Command.clear()],
            "company_id": company.id,
        }
    )
    config = env["pos.config"].create(
        {
            "name": f"Bench desk {stamp}",
            "company_id": company.id,
            "payment_method_ids": [fields.Command.set([cash_method.id, card_method.id])],
        }
    )
    # The cashier opens the session (the superuser is no POS user).
    config.with_user(admin).open_ui()
    session = config.current_session_id
    session.with_user(admin).set_opening_control(0, None)
    card_type = env["sports.card.type"].search(
        [("name", "=", "Bench POS Value"), ("company_id", "=", company.id)], limit=1
    ) or env["sports.card.type"].create(
        {"name": "Bench POS Value", "kind": "stored_value", "company_id": company.id}
    )
    card_type.topup_ids.unlink()  # no bonus: the liability is the paid money
    holder = env["res.partner"].create({"name": "Bench Desk Holder", "phone": "13800138000"})
    orders = bench.args.orders
    per_card = -(-orders // CARDS) * PRICE
    Card = env["sports.card"].with_context(tracking_disable=True, mail_create_nolog=True)
    cards = Card.create([{"type_id": card_type.id, "partner_id": holder.id} for _n in range(CARDS)])
    for card in cards:
        card.topup(per_card, f"bench-pos-topup-{card.id}", ref="bench")
    bench.data.update(
        company=company,
        admin=admin,
        config=config,
        session=session,
        card_method=card_method,
        cash_method=cash_method,
        product=product,
        cards=cards,
        per_card=per_card,
    )


def order_data(bench, method, card_id=None):
    data = bench.data
    order_uuid = str(uuid.uuid4())
    payment = {
        "amount": PRICE,
        "name": fields.Datetime.to_string(fields.Datetime.now()),
        "payment_method_id": method.id,
        "uuid": str(uuid.uuid4()),
    }
    if card_id:
        payment["sports_card_ref"] = card_id
    return {
        "uuid": order_uuid,
        "name": f"Order {order_uuid}",
        "access_token": str(uuid.uuid4()),
        "state": "paid",
        "session_id": data["session"].id,
        "pricelist_id": data["config"].pricelist_id.id,
        "fiscal_position_id": False,
        "partner_id": False,
        "user_id": data["admin"].id,
        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "amount_paid": PRICE,
        "amount_return": 0,
        "amount_tax": 0,
        "amount_total": PRICE,
        "to_invoice": False,
        "last_order_preparation_change": "{}",
        "lines": [
            [
                0,
                0,
                {
                    "product_id": data["product"].id,
                    "qty": 1,
                    "price_unit": PRICE,
                    "price_subtotal": PRICE,
                    "price_subtotal_incl": PRICE,
                    "discount": 0,
                    "tax_ids": [[6, 0, []]],
                    "pack_lot_ids": [],
                    "uuid": str(uuid.uuid4()),
                },
            ]
        ],
        "payment_ids": [[0, 0, payment]],
    }


def sync_all(bench, orders):
    """Sync ``orders`` one per call and transaction, as the cashier; seconds taken."""
    data = bench.data
    cr = bench.env.cr
    started = time.perf_counter()
    for order in orders:
        env = user_env(cr, data["admin"].id, data["company"].id)
        env["pos.order"].sync_from_ui([order])
        cr.commit()
    return time.perf_counter() - started


def sync(bench):
    data = bench.data
    count = bench.args.orders
    cards = data["cards"]
    cash_orders = [order_data(bench, data["cash_method"]) for _n in range(count)]
    card_orders = [
        order_data(bench, data["card_method"], cards[n % len(cards)].id) for n in range(count)
    ]
    note(f"syncing {count} cash orders, then {count} member card orders")
    cash_seconds = sync_all(bench, cash_orders)
    card_seconds = sync_all(bench, card_orders)
    replay_seconds = sync_all(bench, card_orders[:REPLAYS])
    cash_rate, card_rate = count / cash_seconds, count / card_seconds
    figure("pos.sync cash", f"{cash_rate:7.1f} orders/s ({cash_seconds:.1f} s)")
    figure(
        "pos.sync card",
        f"{card_rate:7.1f} orders/s ({card_seconds:.1f} s) | ratio card/cash "
        f"{ratio(card_rate, cash_rate, 2)} (time {ratio(card_seconds, cash_seconds, 2)})",
    )
    figure("pos.sync card replay", f"{REPLAYS / replay_seconds:7.1f} orders/s (debits nothing)")

    env = bench.env
    session = data["session"]
    session.invalidate_recordset()
    started = time.perf_counter()
    cash = sum(
        session.order_ids.payment_ids.filtered(
            lambda p: p.payment_method_id == data["cash_method"]
        ).mapped("amount")
    )
    session.post_closing_cash_details(cash)
    session.close_session_from_ui()
    env.cr.commit()
    figure("pos.close", f"{time.perf_counter() - started:7.1f} s for {2 * count} orders")

    checks = Checks()
    env.invalidate_all()
    orders = session.order_ids
    checks.expect(len(orders) == 2 * count, f"{len(orders)} orders for {2 * count} synced")
    checks.expect(set(orders.mapped("state")) == {"done"}, f"states {set(orders.mapped('state'))}")
    checks.expect(session.state == "closed", f"the session is {session.state}")
    spends = env["sports.card.move"].search([("card_id", "in", cards.ids), ("kind", "=", "spend")])
    checks.expect(len(spends) == count, f"{len(spends)} spends for {count} card orders")
    expected = {card.id: data["per_card"] for card in cards}
    for n in range(count):
        expected[cards[n % len(cards)].id] -= PRICE
    wrong = [card.name for card in cards if round(card.balance_total - expected[card.id], 2)]
    checks.expect(not wrong, f"cards with a wrong balance: {wrong[:5]}")
    checks.expect(not cards._check_balance_integrity(), "card balances differ from ledgers")
    clearing = data["card_method"].receivable_account_id
    lines = env["account.move.line"].search(
        [("account_id", "=", clearing.id), ("parent_state", "=", "posted")]
    )
    checks.expect(not round(sum(lines.mapped("balance")), 2), "the clearing account is not at zero")
    checks.expect(all(lines.mapped("reconciled")), "clearing lines left unreconciled")
    company = data["company"]
    report = sum(
        env["sports.card"]._liability_by_type(fields.Date.context_today(cards), company).values()
    )
    gl = env["account.move.line"].search(
        [
            ("account_id", "=", company.card_liability_account_id.id),
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
        ]
    )
    checks.expect(
        round(report + sum(gl.mapped("balance")), 2) == 0,
        f"card liability {report:.2f} differs from the GL {-sum(gl.mapped('balance')):.2f}",
    )
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("sync", sync)],
    options=[option("--orders", 1000, "orders of each kind (cash, member card)")],
    seed=14,
    prepare=prepare,
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
