"""What the settlement tests share: a food stall of a shared food-court POS, its merchant
and contract, and helpers to sell, close sessions and run settlements."""

from datetime import timedelta

from odoo import Command, fields

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SettleCommon(TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Settle Arena", "code": "TSETL", "tz": DEFAULT_TZ}
        )
        cls.today = cls.venue._local_date(fields.Datetime.now())
        cls.vat = cls.env["account.tax"].create(
            {"name": "Settle VAT 6%", "amount": 6, "type_tax_use": "sale", "amount_type": "percent"}
        )
        cls.stall = cls._make_stall("Noodle bar", "S1")
        # The stall's own category (its default rate), drinks under it (a rate of their
        # own) and tea under drinks (the drinks' rate).
        cls.categ_food = cls.stall.product_category_id
        cls.categ_drinks = cls.env["product.category"].create(
            {"name": "Stall drinks", "parent_id": cls.categ_food.id}
        )
        cls.categ_tea = cls.env["product.category"].create(
            {"name": "Stall tea", "parent_id": cls.categ_drinks.id}
        )
        cls.noodles = cls._make_product("Beef noodles", cls.categ_food, 18.8, cls.stall)
        cls.tea = cls._make_product("Milk tea", cls.categ_tea, 6.5, cls.stall)
        cls.merchant = cls.env["res.partner"].create({"name": "Wang's Noodles Ltd"})
        cls.contract = cls._make_contract(cls.stall, cls.merchant)
        cls.cash = cls.cash_pm1
        cls.bank = cls.bank_pm1

    @classmethod
    def _make_stall(cls, name, code):
        return cls.env["sports.stall"].create(
            {"name": name, "code": code, "venue_id": cls.venue.id, "kind": "food"}
        )

    @classmethod
    def _collections_account(cls, stall):
        return stall.collections_account_id

    @classmethod
    def _make_product(cls, name, categ, price, stall):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "available_in_pos": True,
                "list_price": price,
                "categ_id": categ.id,
                "taxes_id": [Command.clear()],
                "sports_stall_id": stall.id,
                "company_id": stall.company_id.id,
            }
        )

    @classmethod
    def _make_contract(cls, stall, merchant, **values):
        bank = cls.env["res.partner.bank"].create(
            {"acc_number": f"6222 0200 {stall.id:04d} {merchant.id:04d}", "partner_id": merchant.id}
        )
        contract = cls.env["sports.stall.contract"].create(
            {
                "stall_id": stall.id,
                "partner_id": merchant.id,
                "bank_account_id": bank.id,
                "date_start": cls.today - timedelta(days=60),
                "cycle": "monthly",
                "rent_amount": 1000.0,
                "commission_rate": 10.0,
                "commission_ids": [Command.create({"categ_id": cls.categ_drinks.id, "rate": 20.0})],
                "fee_ids": [
                    Command.create(
                        {"payment_method_id": cls.bank_pm1.id, "rate": 0.6, "passed_on": True}
                    ),
                    Command.create(
                        {"payment_method_id": cls.cash_pm1.id, "rate": 1.0, "passed_on": False}
                    ),
                ],
                "charge_tax_ids": [Command.set(cls.vat.ids)],
                **values,
            }
        )
        contract.action_activate()
        return contract

    # ------------------------------------------------------------------ selling

    def setUp(self):
        super().setUp()
        self.config = self.basic_config

    def _session(self):
        if not self.config.current_session_id:
            self.open_new_session()
        return self.config.current_session_id

    def _sync(self, lines, payments=None):
        """A real POS order through ``sync_from_ui``: ``lines`` are (product, qty), each
        line attributed by the server to its product's stall (a shared food-court till)."""
        self._session()
        data = self.create_ui_order_data(
            [{"product": p, "quantity": q} for p, q in lines],
            pos_order_ui_args={"state": "paid"},
            payments=payments,
        )
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _orders(self, specs):
        """Orders created in one batch in the open session: each spec is
        ``(lines, payments)``, lines (product, qty, price_unit), payments (method, amount,
        is_change)."""
        session = self._session()
        vals_list = []
        for lines, payments in specs:
            line_vals = []
            for product, qty, price in lines:
                subtotal = self.currency.round(qty * price)
                line_vals.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "qty": qty,
                            "price_unit": price,
                            "price_subtotal": subtotal,
                            "price_subtotal_incl": subtotal,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
            total = self.currency.round(sum(cmd[2]["price_subtotal_incl"] for cmd in line_vals))
            vals_list.append(
                {
                    "session_id": session.id,
                    "lines": line_vals,
                    "payment_ids": [
                        Command.create(
                            {"payment_method_id": m.id, "amount": amount, "is_change": change}
                        )
                        for m, amount, change in payments
                    ],
                    "amount_total": total,
                    "amount_tax": 0.0,
                    "amount_paid": self.currency.round(sum(a for _m, a, _c in payments)),
                    "amount_return": 0.0,
                    "state": "paid",
                }
            )
        return self.env["pos.order"].create(vals_list)

    def _close_fast(self):
        """Mark the open session closed now (its accounting is not under test)."""
        session = self.config.current_session_id
        session.write({"state": "closed", "stop_at": fields.Datetime.now()})
        return session

    def _close_real(self):
        """Close the open session as the POS does: its journal entry is posted."""
        session = self.config.current_session_id
        cash = sum(
            session.order_ids.payment_ids.filtered(
                lambda p: p.payment_method_id == self.cash
            ).mapped("amount")
        )
        session.post_closing_cash_details(cash)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")
        return session

    # ------------------------------------------------------------------ settling

    def _new_run(self, start=-5, end=1, **values):
        return self.env["sports.stall.settlement.run"].create(
            {
                "venue_id": self.venue.id,
                "date_from": self.today + timedelta(days=start),
                "date_to": self.today + timedelta(days=end),
                **values,
            }
        )
        contract.action_activate()
        return contract

    def _run(self, start=-5, end=1, **values):
        run = self._new_run(start, end, **values)
        run.action_run()
        return run

    def _counts(self):
        self.env.flush_all()
        return {
            model: self.env[model].search_count([])
            for model in (
                "sports.stall.settlement",
                "sports.stall.settlement.line",
                "sports.stall.session.settled",
                "account.move",
                "account.partial.reconcile",
            )
        }

    def _cents(self, amount):
        return round(amount * 100)

    def assertSettlementAddsUp(self, settlement):
        s = settlement
        self.assertEqual(
            self._cents(s.gross_amount), sum(self._cents(line.gross_amount) for line in s.line_ids)
        )
        self.assertEqual(
            self._cents(s.commission_amount),
            sum(self._cents(line.commission_amount) for line in s.line_ids),
        )
        self.assertEqual(
            self._cents(s.net_amount)
            + self._cents(s.commission_amount)
            + self._cents(s.guarantee_topup)
            + self._cents(s.fee_amount)
            + self._cents(s.rent_amount)
            + self._cents(s.charges_tax),
            self._cents(s.gross_amount),
        )
        if s.netting_move_id:
            # What is left to pay: the bill's residual, or the invoice's when the charges
            # exceed the sales.
            owed = s.bill_id.amount_residual - s.invoice_id.amount_residual
            self.assertEqual(self._cents(owed), self._cents(s.net_amount))
