"""The data of the card benchmark: its company with a chart of accounts, card types, a
holder, topped-up cards and the liability report's seeded ledger.

Everything lives in the company "Arena Bench Cards"; ``prepare`` empties it of the previous
run's cards, ledger moves and journal entries in SQL (the ledger is append-only and posted
entries cannot be deleted through the ORM, by design).
"""

from addon_api import card_topup
from harness import BenchError, bench_company, note

from odoo.tools import SQL

COMPANY_NAME = "Arena Bench Cards"
CHART = "generic_coa"
REPORT_TYPES = ("Bench Gold", "Bench Silver", "Bench Bronze")
HOLDER_PHONE = "13800138000"
API_KEY = "bench cards"
NAIVE_CARD = SQL.identifier("bench_naive_card")
NAIVE_MOVE = SQL.identifier("bench_naive_card_move")


def prepare(bench):
    """The benchmark company with a chart of accounts (the card moves post journal
    entries), emptied of the previous run's cards, moves and entries."""
    env = bench.env
    cr = env.cr
    company, admin = bench_company(env, COMPANY_NAME)
    if not company.chart_template:
        note(f"loading the chart of accounts {CHART} into {COMPANY_NAME} (first run only)")
        env["account.chart.template"].try_loading(CHART, company, install_demo=False)
    company._arena_card_accounting()
    env.flush_all()
    # The ledger is append-only and posted entries cannot be deleted through the ORM (by
    # design): the benchmark's own company is emptied around it.
    cr.execute(SQL("DELETE FROM sports_card_move WHERE company_id = %s", company.id))
    for model, table in (("account.move", "account_move"), ("sports.card", "sports_card")):
        for what, column in (("mail_message", "model"), ("mail_followers", "res_model")):
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s = %s AND res_id IN "
                    "(SELECT id FROM %s WHERE company_id = %s)",
                    *(SQL.identifier(what), SQL.identifier(column), model),
                    *(SQL.identifier(table), company.id),
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
    bench.data.update(company=company, admin=admin)


def api_key(env, user):
    """A new API key of ``user`` for the JSON-2 spends (the previous run's is deleted)."""
    env.cr.execute(
        SQL("DELETE FROM res_users_apikeys WHERE user_id = %s AND name = %s", user.id, API_KEY)
    )
    # sudo: a key without expiry; the benchmark's own key of its administrator.
    return env["res.users.apikeys"].with_user(user).sudo()._generate(None, API_KEY, None)


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


def topped_up_card(Card, spend_type, partner, amount):
    card = Card.create({"type_id": spend_type.id, "partner_id": partner.id})
    card_topup(card, amount, "bench top-up", f"bench-topup-{card.id}")
    return card


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
            per_card=-(-moves_count // cards_count),
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
    return seeded
