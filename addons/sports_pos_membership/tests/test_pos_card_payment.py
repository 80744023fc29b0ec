import uuid

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_pos.tests.common import ui_order_copy
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class CardPaymentCase(TestPoSCommon):
    """A desk at a venue with a member card payment method and a card holding 100.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.company._arena_card_accounting()
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Card Desk Arena", "code": "TCPAY", "tz": DEFAULT_TZ}
        )
        cls.card_type = cls.env["sports.card.type"].create(
            {"name": "Desk Value Card", "kind": "stored_value", "company_id": cls.company.id}
        )
        cls.holder = cls.env["res.partner"].create({"name": "Li Lei", "phone": "13800138001"})
        cls.card_method = cls.env["pos.payment.method"]._sports_card_payment_method(cls.company)
        cls.clearing = cls.card_method.receivable_account_id
        cls.product = cls.create_product("Badminton shuttle", cls.categ_basic, 30.0)
        cls.product.taxes_id = [fields.Command.clear()]
        cls.other_company = cls.setup_other_company()["company"]

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.write(
            {
                "sports_venue_id": self.venue.id,
                "payment_method_ids": [fields.Command.link(self.card_method.id)],
            }
        )
        self.open_new_session()

    def foreign_card(self):
        """A card of another company, which the desk's cashier cannot even read."""
        # sudo: the test user works in the desk's company only.
        card_type = (
            self.env["sports.card.type"]
            .sudo()
            .create(
                {"name": "Other value", "kind": "stored_value", "company_id": self.other_company.id}
            )
        )
        return (
            self.env["sports.card"]
            .sudo()
            .create({"type_id": card_type.id, "partner_id": self.holder.id})
            .sudo(False)
        )

    def new_card(self, amount=100.0, card_type=None, uid=None):
        card = self.env["sports.card"].create(
            {
                "type_id": (card_type or self.card_type).id,
                "partner_id": self.holder.id,
                "uid": uid,
            }
        )
        if amount:
            card.topup(amount, f"test-topup-{uuid.uuid4()}", ref="test")
        return card

    def order_data(self, payments, quantity=1, uuid_=None, lines=None):
        """UI data of an order of ``quantity`` shuttles paid by ``payments``: a list of
        ``(method, amount, card)``; each payment gets its own uuid, as the POS gives it."""
        data = self.create_ui_order_data(
            lines or [(self.product, quantity)],
            pos_order_ui_args={"state": "paid", "access_token": str(uuid.uuid4())},
            payments=[(method, amount) for method, amount, _card in payments],
            uuid=uuid_ or str(uuid.uuid4()),
        )
        for command, (_method, _amount, card) in zip(data["payment_ids"], payments, strict=True):
            command[2]["uuid"] = str(uuid.uuid4())
            if card:
                command[2]["sports_card_ref"] = card.id
        return data

    fresh = staticmethod(ui_order_copy)

    def sync(self, data):
        result = self.env["pos.order"].sync_from_ui([self.fresh(data)])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def spends(self, card):
        return card.move_ids.filtered(lambda move: move.kind == "spend")


@tagged("post_install", "-at_install")
class TestPosCardPayment(CardPaymentCase):
    def test_method_is_a_terminal_without_journal_on_a_reconcilable_clearing(self):
        method = self.card_method
        self.assertEqual(method.use_payment_terminal, "sports_card")
        self.assertEqual(method.payment_method_type, "terminal")
        self.assertEqual(method.type, "pay_later")
        self.assertTrue(self.clearing.reconcile)
        self.assertEqual(
            self.env["pos.payment.method"]._sports_card_payment_method(self.company), method
        )
        params = self.pos_session.load_data_params()["pos.payment"]
        self.assertIn("sports_card_ref", params["relations"])
        self.assertFalse(params["relations"]["sports_card_ref"].get("relation"))

    def test_install_gives_each_company_and_the_demo_desk_the_method(self):
        # sudo: the install hook runs as the superuser, over every company.
        Method = self.env["pos.payment.method"].sudo()
        methods = Method.search([("use_payment_terminal", "=", "sports_card")])
        self.assertNotIn(self.other_company, methods.company_id)
        Method._sports_card_setup()
        methods = Method.search([("use_payment_terminal", "=", "sports_card")])
        self.assertIn(self.other_company, methods.company_id)
        self.assertEqual(len(methods.filtered(lambda m: m.company_id == self.company)), 1)
        desk = Method.env.ref("sports_pos.pos_config_front_desk", raise_if_not_found=False)
        if desk:
            self.assertIn("sports_card", desk.payment_method_ids.mapped("use_payment_terminal"))

    def test_card_payment_debits_once_when_synced_twice(self):
        card = self.new_card()
        data = self.order_data([(self.card_method, 30.0, card)])
        order = self.sync(data)
        self.sync(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(len(self.spends(card)), 1)
        self.assertEqual(card.balance_total, 70.0)
        payment = order.payment_ids
        self.assertEqual(payment.sports_card_id, card)
        self.assertIn("70.00", payment.ticket)
        self.assertIn(card.name, payment.ticket)
        spend = self.spends(card)
        self.assertEqual(spend.idempotency_key, f"pos-payment-{payment.uuid}")
        self.assertEqual(spend.counterpart_account_id, self.clearing)
        self.assertEqual((spend.res_model, spend.res_id), ("pos.order", order.id))

    def test_draft_then_paid_debits_at_payment_only(self):
        card = self.new_card()
        data = self.order_data([(self.card_method, 30.0, card)])
        self.sync({**data, "state": "draft"})
        self.assertFalse(self.spends(card), "A draft order debits nothing.")
        order = self.sync(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(card.balance_total, 70.0)
        self.sync(data)
        self.assertEqual(len(self.spends(card)), 1)

    def test_two_card_lines_on_one_order(self):
        first, second = self.new_card(), self.new_card(50.0)
        data = self.order_data(
            [(self.card_method, 40.0, first), (self.card_method, 50.0, second)], quantity=3
        )
        order = self.sync(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual((first.balance_total, second.balance_total), (60.0, 0.0))
        self.assertEqual(len(self.spends(first) | self.spends(second)), 2)
        self.sync(data)
        self.assertEqual(len(self.spends(first) | self.spends(second)), 2)

    def test_card_and_cash_on_one_order(self):
        card = self.new_card()
        data = self.order_data([(self.card_method, 20.0, card), (self.cash_pm1, 10.0, None)])
        order = self.sync(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(card.balance_total, 80.0)

    def test_insufficient_balance_rolls_the_order_back(self):
        card = self.new_card(10.0)
        data = self.order_data([(self.card_method, 30.0, card)])
        with self.assertRaisesRegex(UserError, "less than 30.00"), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertFalse(self.spends(card))
        self.assertEqual(card.balance_total, 10.0)

    def test_frozen_card_is_refused(self):
        card = self.new_card()
        card.freeze()
        data = self.order_data([(self.card_method, 30.0, card)])
        with self.assertRaisesRegex(UserError, "frozen"), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))

    def test_card_out_of_the_desks_venue_is_refused(self):
        elsewhere = self.env["sports.venue"].create({"name": "Elsewhere", "code": "TCELS"})
        scoped = self.card_type.copy({"name": "Elsewhere only", "venue_ids": elsewhere.ids})
        card = self.new_card(card_type=scoped)
        data = self.order_data([(self.card_method, 30.0, card)])
        with self.assertRaisesRegex(UserError, "not valid"), self.env.cr.savepoint():
            self.sync(data)
        self.assertEqual(card.balance_total, 100.0)
        scoped.venue_ids |= self.venue
        self.sync(data)
        self.assertEqual(card.balance_total, 70.0)

    def test_another_companys_card_is_refused_clearly(self):
        card = self.foreign_card()
        data = self.order_data([(self.card_method, 30.0, card)])
        with self.assertRaisesRegex(UserError, "belongs to"), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))

    def test_card_paid_order_cannot_be_invoiced(self):
        card = self.new_card()
        data = self.order_data([(self.card_method, 30.0, card)])
        data.update(to_invoice=True, partner_id=self.holder.id)
        with self.assertRaisesRegex(UserError, "cannot be invoiced"), self.env.cr.savepoint():
            self.sync(data)
        self.assertEqual(card.balance_total, 100.0)

    def test_card_payment_without_a_card_is_refused(self):
        data = self.order_data([(self.card_method, 30.0, None)])
        with self.assertRaisesRegex(UserError, "Identify the member card"), self.env.cr.savepoint():
            self.sync(data)
        data["payment_ids"][0][2]["sports_card_ref"] = 2_000_000_000
        with self.assertRaisesRegex(UserError, "does not exist"):
            self.sync(data)

    def test_pos_user_without_arena_group_gets_a_clear_message(self):
        cashier = new_test_user(
            self.env,
            login="desk_no_arena",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
        )
        card = self.new_card()
        data = self.order_data([(self.card_method, 30.0, card)])
        with self.assertRaisesRegex(AccessError, "Arena user group"), self.env.cr.savepoint():
            self.env["pos.order"].with_user(cashier).sync_from_ui([self.fresh(data)])
        with self.assertRaisesRegex(AccessError, "Arena user group"):
            self.card_method.with_user(cashier).sports_card_lookup(self.config.id, card.name)
        self.assertEqual(card.balance_total, 100.0)

    def test_refund_credits_the_card_back_once(self):
        card = self.new_card()
        order = self.sync(self.order_data([(self.card_method, 60.0, card)], quantity=2))
        self.assertEqual(card.balance_total, 40.0)
        refund = self.order_data(
            [(self.card_method, -30.0, None)],
            lines=[
                {
                    "product": self.product,
                    "quantity": -1,
                    "refunded_orderline_id": order.lines.id,
                }
            ],
        )
        self.sync(refund)
        self.sync(refund)
        self.assertEqual(card.balance_total, 70.0)
        card_credits = card.move_ids.filtered(lambda move: move.kind == "spend_refund")
        self.assertEqual(len(card_credits), 1)
        self.assertEqual(card_credits.counterpart_account_id, self.clearing)
        # No more than the card paid goes back.
        too_much = self.order_data(
            [(self.card_method, -60.0, card)],
            lines=[
                {
                    "product": self.product,
                    "quantity": -2,
                    "refunded_orderline_id": order.lines.id,
                }
            ],
        )
        with self.assertRaisesRegex(UserError, "at most 30.00"), self.env.cr.savepoint():
            self.sync(too_much)
        self.assertEqual(card.balance_total, 70.0)

    def test_lookup_by_number_uid_and_customer(self):
        card = self.new_card(uid="04:a1:b2:c3")
        poor = self.new_card(5.0)
        lookup = self.card_method.sports_card_lookup
        self.assertEqual(lookup(self.config.id, card.name)[0]["id"], card.id)
        found = lookup(self.config.id, "04A1B2C3", amount=30.0)
        self.assertEqual(
            (found[0]["id"], found[0]["balance"], found[0]["refusal"]), (card.id, 100.0, False)
        )
        by_holder = lookup(self.config.id, partner_id=self.holder.id, amount=30.0)
        self.assertEqual({info["id"] for info in by_holder}, {card.id, poor.id})
        refusal = next(info["refusal"] for info in by_holder if info["id"] == poor.id)
        self.assertIn("less than 30.00", refusal)
        with self.assertRaisesRegex(UserError, "No member card"):
            lookup(self.config.id, "NOPE-404")
        foreign = self.foreign_card()
        with self.assertRaisesRegex(UserError, "belongs to"):
            lookup(self.config.id, foreign.name)


@tagged("post_install", "-at_install")
class TestPosCardSessionClose(CardPaymentCase):
    def test_session_close_leaves_clearing_at_zero_and_liability_equals_gl(self):
        card, other = self.new_card(), self.new_card(50.0)
        first = self.sync(self.order_data([(self.card_method, 30.0, card)]))
        self.sync(self.order_data([(self.card_method, 20.0, card), (self.cash_pm1, 10.0, None)]))
        self.sync(
            self.order_data(
                [(self.card_method, 50.0, other), (self.cash_pm1, 10.0, None)], quantity=2
            )
        )
        self.sync(self.order_data([(self.cash_pm1, 30.0, None)]))
        self.sync(
            self.order_data(
                [(self.card_method, -30.0, card)],
                lines=[
                    {
                        "product": self.product,
                        "quantity": -1,
                        "refunded_orderline_id": first.lines.id,
                    }
                ],
            )
        )
        self.assertEqual((card.balance_total, other.balance_total), (80.0, 0.0))
        session = self.pos_session
        cash = sum(
            session.order_ids.payment_ids.filtered(
                lambda payment: payment.payment_method_id == self.cash_pm1
            ).mapped("amount")
        )
        session.post_closing_cash_details(cash)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")
        lines = self.env["account.move.line"].search(
            [("account_id", "=", self.clearing.id), ("parent_state", "=", "posted")]
        )
        session_lines = lines.filtered(lambda line: line.move_id == session.move_id)
        self.assertEqual(sum(session_lines.mapped("balance")), 70.0, "50 + 20 + 50 - 30 by card")
        # The accounting batch that the close ran: one entry for the three charges (one
        # card type, one day, one clearing account) and one for the credit.
        self.assertEqual(len(lines - session_lines), 2, "three charges and one credit")
        self.assertAlmostEqual(sum(lines.mapped("balance")), 0.0, places=2)
        self.assertTrue(all(lines.mapped("reconciled")), "each line is fully reconciled")
        # The card liability still equals the general ledger to the cent.
        self.env.flush_all()
        Card = self.env["sports.card"]
        today = Card._today()
        report = sum(Card._liability_by_type(today, self.company).values())
        liability = self.company.card_liability_account_id
        gl = self.env["account.move.line"].search(
            [
                ("account_id", "=", liability.id),
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertAlmostEqual(report, -sum(gl.mapped("balance")), places=2)
        self.assertAlmostEqual(report, 80.0, places=2)
        self.assertEqual(Card._check_balance_integrity(companies=self.company), [])
