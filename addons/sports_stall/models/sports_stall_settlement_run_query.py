from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

CONTRACT_STATES = ("active", "suspended", "ended")


class SportsStallSettlementRun(models.Model):
    """The reading of a run: one SQL query over the POS order lines, split by day, product
    category and payment method, and the plan of each stall's settlement from it."""

    _inherit = "sports.stall.settlement.run"

    def _query_rows(self, stalls, cutoff):
        """The unsettled stall sales of the sessions closed before ``cutoff``, in one
        query: ``{stall_id: {(day, categ_id): {"methods": {method_id: Decimal},
        "orders": {method_id: int}, "gross": Decimal}}}`` and ``{stall_id: session_ids}``.

        A line's share of a payment method is payment / amount paid (the change is a
        negative payment of its method); an order that paid nothing has no method. The
        gross of a (day, category) is the exact sum of its lines; the split by method is
        rounded to the currency and its rounding difference goes to the largest part, so
        the parts add up to the gross exactly."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
WITH ln AS (
    -- The unsettled lines, one row per (order, stall, category).
    SELECT o.id AS order_id, o.session_id, l.sports_stall_id AS stall_id,
           (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
           t.categ_id, SUM(l.price_subtotal_incl) AS amount, o.amount_paid
      FROM pos_order_line l
      JOIN pos_order o ON o.id = l.order_id
      JOIN pos_session s ON s.id = o.session_id
      JOIN product_product p ON p.id = l.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
     WHERE l.sports_stall_id = ANY(%(stalls)s)
       AND s.state = 'closed'
       AND s.stop_at < %(cutoff)s
       AND o.company_id = %(company)s
       AND NOT EXISTS (
            SELECT 1 FROM sports_stall_session_settled m
             WHERE m.session_id = o.session_id AND m.stall_id = l.sports_stall_id)
     GROUP BY o.id, l.sports_stall_id, t.categ_id
), pay AS (
    -- What each order paid by method (change is a negative payment of its method).
    SELECT p.pos_order_id AS order_id, p.payment_method_id, SUM(p.amount) AS amount
      FROM pos_payment p
     WHERE p.pos_order_id IN (SELECT order_id FROM ln)
     GROUP BY p.pos_order_id, p.payment_method_id
)
SELECT 'gross', stall_id, day, categ_id, NULL::int, SUM(amount), NULL::bigint
  FROM ln
 GROUP BY stall_id, day, categ_id
 UNION ALL
SELECT 'split', ln.stall_id, ln.day, ln.categ_id, pay.payment_method_id,
       SUM(CASE WHEN pay.order_id IS NULL THEN ln.amount
                ELSE ln.amount * pay.amount / ln.amount_paid END),
       COUNT(*)
  FROM ln
  LEFT JOIN pay ON pay.order_id = ln.order_id AND ln.amount_paid <> 0
 GROUP BY ln.stall_id, ln.day, ln.categ_id, pay.payment_method_id
 UNION ALL
SELECT 'session', stall_id, NULL, NULL, session_id, NULL, NULL
  FROM ln
 GROUP BY stall_id, session_id
                """,
                tz=self.venue_id._tz_name(),
                stalls=stalls.ids,
                cutoff=cutoff,
                company=self.company_id.id,
            )
        )
        rows = self.env.cr.fetchall()
        cent = Decimal(1).scaleb(-self.currency_id.decimal_places)
        groups = defaultdict(dict)
        sessions = defaultdict(set)
        for kind, stall_id, day, categ_id, method_or_session, amount, orders in rows:
            if kind == "session":
                sessions[stall_id].add(method_or_session)
                continue
            group = groups[stall_id].setdefault(
                (day, categ_id), {"methods": {}, "orders": {}, "gross": Decimal(0)}
            )
            if kind == "gross":
                group["gross"] = Decimal(amount)
            else:
                group["methods"][method_or_session] = Decimal(amount)
                group["orders"][method_or_session] = orders
        for by_day in groups.values():
            for group in by_day.values():
                group["gross"] = group["gross"].quantize(cent, rounding=ROUND_HALF_UP)
                methods = {
                    method: part.quantize(cent, rounding=ROUND_HALF_UP)
                    for method, part in group["methods"].items()
                }
                difference = group["gross"] - sum(methods.values())
                if difference:
                    largest = max(methods, key=lambda m: (abs(methods[m]), m or 0))
                    methods[largest] += difference
                group["methods"] = methods
        return groups, sessions

    def _plan_settlements(self, stalls, queried):
        """``[{"stall", "contract", "lines": [vals], "session_ids"}]``: one plan per
        stall with sales, or with a contract over the period (its rent is due). Each row
        takes the contract in force on its day; a day without one is an error."""
        groups, sessions = queried
        contracts = self.env["sports.stall.contract"].search(
            [("stall_id", "in", stalls.ids), ("state", "in", CONTRACT_STATES)],
            order="date_start",
        )
        by_stall = defaultdict(list)
        for contract in contracts:
            by_stall[contract.stall_id.id].append(contract)
        categories = self.env["product.category"].browse(
            {categ for by_day in groups.values() for _day, categ in by_day if categ}
        )
        ancestors = {c.id: [int(i) for i in c.parent_path.split("/") if i][::-1] for c in categories}
        plans = []
        for stall in stalls:
            by_day = groups.get(stall.id, {})

            def contract_on(day, stall=stall):
                for contract in by_stall.get(stall.id, ()):
                    if contract.date_start <= day and (
                        not contract.date_end or contract.date_end >= day
                    ):
                        return contract
                return None

            lines = []
            for (day, categ_id), group in sorted(
                by_day.items(), key=lambda item: (item[0][0], item[0][1] or 0)
            ):
                contract = contract_on(day)
                if not contract:
                    raise UserError(
                        self.env._(
                            "Stall %(stall)s sold on %(day)s without a contract in force "
                            "that day: give it a contract covering that day (active, "
                            "suspended or ended) and run again.",
                            stall=stall.display_name,
                            day=day,
                        )
                    )
                rate = self._commission_rate(contract, ancestors.get(categ_id, []))
                fees = self._passed_on_fees(contract)
                for method_id, amount in sorted(
                    group["methods"].items(), key=lambda item: item[0] or 0
                ):
                    lines.append(
                        {
                            "contract": contract,
                            "date": day,
                            "categ_id": categ_id,
                            "payment_method_id": method_id,
                            "order_count": group["orders"][method_id],
                            "gross_amount": float(amount),
                            "commission_rate": rate,
                            "fee_rate": fees.get(method_id, 0.0),
                        }
                    )
            if lines:
                contract = lines[-1]["contract"]
                merchants = {line["contract"].partner_id.commercial_partner_id for line in lines}
                if len(merchants) > 1:
                    raise UserError(
                        self.env._(
                            "Stall %(stall)s changed merchant within run %(run)s "
                            "(%(merchants)s): settle each contract in a run of its own, "
                            "with a period that ends when the contract ends.",
                            stall=stall.display_name,
                            run=self.name,
                            merchants=", ".join(m.display_name for m in merchants),
                        )
                    )
            else:
                contract = contract_on(self.date_to) or next(
                    (
                        c
                        for c in reversed(by_stall.get(stall.id, ()))
                        if c.date_start <= self.date_to
                        and (not c.date_end or c.date_end >= self.date_from)
                    ),
                    None,
                )
                if not contract:
                    continue
            plans.append(
                {
                    "stall": stall,
                    "contract": contract,
                    "lines": lines,
                    "session_ids": sorted(sessions.get(stall.id, ())),
                }
            )
        return plans

    def _commission_rate(self, contract, ancestors):
        """The contract's rate of the nearest category (itself first, then its parents)
        with a rate of its own, else its default rate."""
        rates = {c.categ_id.id: c.rate for c in contract.commission_ids}
        for categ_id in ancestors:
            if categ_id in rates:
                return rates[categ_id]
        return contract.commission_rate

    def _passed_on_fees(self, contract):
        """``{payment_method_id: rate}`` of the fees the contract passes on."""
        return {f.payment_method_id.id: f.rate for f in contract.fee_ids if f.passed_on}
