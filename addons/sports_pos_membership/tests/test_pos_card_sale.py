from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_pos.tests.common import ui_order_copy
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

HOLDER_PHONE = "138 0013 8000"


@tagged("post_install", "-at_install")
class TestPosCardSale(TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.company._arena_card_accounting()
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Card Desk Arena", "code": "TPCS", "tz": DEFAULT_TZ}
        )
        Type = cls.env["sports.card.type"]
        cls.value_type = Type.create(
            {
                "name": "Desk Stored Value",
                "kind": "stored_value",
                "price": 50.0,
                "deposit": 20.0,
                "topup_ids": [
                    Command.create({"amount_min": 500.0, "bonus": 30.0}),
                    Command.create({"amount_min": 1000.0, "bonus": 100.0}),
                ],
            }
        )
        cls.count_type = Type.create(
            {"name": "Desk Swim 10", "kind": "count", "price": 300.0, "uses": 10}
        )
        cls.card_product = cls.value_type.product_id
        cls.count_product = cls.count_type.product_id
        cls.deposit_product = cls.env.ref("sports_membership.product_card_deposit")
        cls.topup_product = cls.env.ref("sports_membership.product_card_topup")
        products = cls.card_product | cls.count_product | cls.deposit_product | cls.topup_product
        # The POS test fixture may archive every product available in the POS.
        products.product_tmpl_id.write({"active": True})
        products.write({"active": True, "available_in_pos": True, "taxes_id": [Command.clear()]})
        cls.holder = cls.env["res.partner"].create({"name": "Li Na", "phone": "+8613900139000"})

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    # ------------------------------------------------------------------ helpers

    def _card_lines(self, uuid, product=None, phone=HOLDER_PHONE, deposit=20.0, name="Zhang Wei"):
        product = product or self.card_product
        lines = [
            {
                "product": product,
                "quantity": 1,
                "uuid": f"{uuid}-card",
                "sports_card_holder_name": name,
                "sports_card_holder_phone": phone,
            }
        ]
        if deposit:
            lines.append(
                {
                    "product": self.deposit_product,
                    "quantity": 1,
                    "uuid": f"{uuid}-deposit",
                    "price_unit": deposit,
                    "price_subtotal": deposit,
                    "price_subtotal_incl": deposit,
                    "sports_card_for_line_uuid": f"{uuid}-card",
                }
            )
        return lines

    def _topup_line(self, uuid, card, amount):
        return {
            "product": self.topup_product,
            "quantity": 1,
            "uuid": uuid,
            "price_unit": amount,
            "price_subtotal": amount,
            "price_subtotal_incl": amount,
            "sports_card_number": card.name,
        }

    _copy = staticmethod(ui_order_copy)

    def _order_data(self, lines, uuid):
        data = self.create_ui_order_data(
            lines, pos_order_ui_args={"state": "paid", "access_token": f"{uuid}-token"}, uuid=uuid
        )
        total = sum(line[2]["price_subtotal_incl"] for line in data["lines"])
        data["amount_total"] = data["amount_paid"] = total
        data["payment_ids"][0][2]["amount"] = total
        data["payment_ids"][0][2]["uuid"] = f"{uuid}-pay"
        return data

    def _sync(self, lines, uuid):
        data = self._order_data(lines, uuid)
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"]), data

    def _new_card(self, holder=None):
        return self.env["sports.card"].create(
            {"type_id": self.value_type.id, "partner_id": (holder or self.holder).id}
        )

    def _close_session(self):
        session = self.pos_session
        cash = session.payment_method_ids.filtered("is_cash_count")[:1]
        counted = sum(
            session.order_ids.payment_ids.filtered(
                lambda payment: payment.payment_method_id == cash
            ).mapped("amount")
        )
        session.post_closing_cash_details(counted)
        session.close_session_from_ui()
        self.assertEqual(session.state, "closed")

    def _gl_balance(self, account):
        self.env.flush_all()
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        )
        return self.currency.round(sum(lines.mapped("balance")))

    # ------------------------------------------------------------------ card sale

    def test_card_sale_deposit_posted_once(self):
        order, _data = self._sync(self._card_lines("cs-once"), "cs-once")
        card = order.lines.sports_issued_card_ids
        self.assertEqual(len(card), 1)
        self.assertEqual(card.type_id, self.value_type)
        self.assertEqual(card.partner_id.phone, "+8613800138000")
        self.assertEqual(card.partner_id.name, "Zhang Wei")
        self.assertEqual(card.deposit_balance, 20.0)
        deposits = card.move_ids.filtered(lambda move: move.kind == "deposit_in")
        self.assertEqual(len(deposits), 1, "The deposit goes on the card once.")
        self.assertEqual(deposits.idempotency_key, "pos-line-cs-once-deposit")
        # The deposit liability holds the 20 once: the ledger's entry, against the clearing.
        deposit_account = self.company.card_deposit_account_id
        self.assertEqual(self._gl_balance(deposit_account), -20.0)
        self._close_session()
        self.assertEqual(self.pos_session.state, "closed")
        self.assertEqual(self._gl_balance(deposit_account), -20.0, "Not posted twice.")
        self.assertEqual(self._gl_balance(self.company.card_pos_clearing_account_id), 0.0)
        self.assertFalse(self.env["sports.card"]._check_balance_integrity())
        receipt = order.lines.filtered("sports_issued_card_ids").sports_card_receipt
        self.assertEqual(receipt, [{"number": card.name, "qr": True, "balance": 0.0}])

    def test_count_card_receipt_has_no_qr(self):
        lines = self._card_lines("cs-count", product=self.count_product, deposit=0)
        order, _data = self._sync(lines, "cs-count")
        card = order.lines.sports_issued_card_ids
        self.assertEqual(card.remaining_uses, 10)
        self.assertFalse(order.lines.sports_card_receipt[0]["qr"])

    def test_resync_issues_one_card(self):
        data = self._order_data(self._card_lines("cs-twice"), "cs-twice")
        draft = self._copy(data)
        draft["state"] = "draft"
        self.env["pos.order"].sync_from_ui([draft])
        order = self.env["pos.order"].search([("uuid", "=", "cs-twice")])
        self.assertFalse(order.lines.sports_issued_card_ids, "A draft order issues no card.")
        for _i in range(2):
            self.env["pos.order"].sync_from_ui([self._copy(data)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(len(order.lines.sports_issued_card_ids), 1)
        order._sports_card_issue()
        card = order.lines.sports_issued_card_ids
        self.assertEqual(len(card), 1, "Issuing again for the same line issues nothing.")
        self.assertEqual(card.deposit_balance, 20.0)

    def test_card_holder_is_existing_customer(self):
        lines = self._card_lines("cs-known", phone="13900139000")
        order, _data = self._sync(lines, "cs-known")
        self.assertEqual(order.lines.sports_issued_card_ids.partner_id, self.holder)

    def test_bad_phone_refused_on_server(self):
        for index, phone in enumerate(["12345", "+1 415 555 2671", "010 6512 3456", ""]):
            with (
                self.subTest(phone=phone),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                self._sync(self._card_lines(f"cs-bad-{index}", phone=phone), f"cs-bad-{index}")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=like", "cs-bad-%")]))
        self.assertFalse(self.env["sports.card"].search([("type_id", "=", self.value_type.id)]))

    def test_deposit_must_match_type(self):
        for uuid, deposit in (("cs-nodep", 0), ("cs-lowdep", 5.0)):
            with (
                self.subTest(deposit=deposit),
                self.assertRaisesRegex(UserError, "deposit of 20.00"),
                self.env.cr.savepoint(),
            ):
                self._sync(self._card_lines(uuid, deposit=deposit), uuid)

    def test_card_sale_needs_arena_user(self):
        cashier = new_test_user(
            self.env,
            login="pcs_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
        )
        data = self._order_data(self._card_lines("cs-rights"), "cs-rights")
        with self.assertRaisesRegex(AccessError, "Arena user group"), self.env.cr.savepoint():
            self.env["pos.order"].with_user(cashier).sync_from_ui([data])

    def test_goods_sale_without_arena_group(self):
        """A cashier outside the Arena staff still sells plain goods, and reads them back."""
        cashier = new_test_user(
            self.env,
            login="pcs_goods",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
        )
        water = self.create_product("Desk Water", self.categ_basic, 3.0)
        data = self._order_data([(water, 2)], "cs-goods")
        result = self.env["pos.order"].with_user(cashier).sync_from_ui([data])
        self.assertFalse(result["pos.order.line"][0]["sports_card_receipt"])
        order = self.env["pos.order"].search([("uuid", "=", "cs-goods")])
        self.assertEqual(order.state, "paid")

    # ------------------------------------------------------------------ top-up

    def test_topup_with_bonus_keyed(self):
        card = self._new_card()
        order, _data = self._sync([self._topup_line("tu-500", card, 500.0)], "tu-1")
        self.assertEqual((card.balance_paid, card.balance_bonus), (500.0, 30.0))
        move = card.move_ids.filtered(lambda move: move.kind == "topup")
        self.assertEqual(move.idempotency_key, "pos-line-tu-500")
        self.assertEqual(move.counterpart_account_id, self.company.card_pos_clearing_account_id)
        order._sports_card_topup()
        card.invalidate_recordset()
        self.assertEqual((card.balance_paid, card.balance_bonus), (500.0, 30.0), "Keyed.")
        self.assertEqual(order.lines.sports_card_receipt[0]["balance"], 530.0)
        # Top-up and deposit clearing is at zero once the session closed.
        self._close_session()
        clearing = self.company.card_pos_clearing_account_id
        self.assertEqual(self._gl_balance(clearing), 0.0)
        clearing_lines = self.env["account.move.line"].search([("account_id", "=", clearing.id)])
        self.assertTrue(clearing_lines)
        self.assertTrue(all(clearing_lines.mapped("reconciled")))
        # The card liability equals the general ledger to the cent.
        liability = sum(self.env["sports.card"]._liability_by_type("2100-01-01").values())
        self.assertEqual(-self._gl_balance(self.company.card_liability_account_id), liability)

    def test_topup_count_card_refused(self):
        card = self.env["sports.card"].create(
            {"type_id": self.count_type.id, "partner_id": self.holder.id}
        )
        with self.assertRaisesRegex(UserError, "stored-value"), self.env.cr.savepoint():
            self._sync([self._topup_line("tu-count", card, 100.0)], "tu-count")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "tu-count")]))

    def test_topup_other_company_card_refused(self):
        other = self.env["res.company"].create({"name": "Other Arena Co"})
        self.env.user.company_ids |= other
        other_type = (
            self.env["sports.card.type"]
            .with_company(other)
            .create({"name": "Other Value", "kind": "stored_value", "company_id": other.id})
        )
        card = (
            self.env["sports.card"]
            .with_company(other)
            .create({"type_id": other_type.id, "partner_id": self.holder.id})
        )
        with (
            self.assertRaisesRegex(UserError, "belongs to Other Arena Co"),
            self.env.cr.savepoint(),
        ):
            self._sync([self._topup_line("tu-other", card, 100.0)], "tu-other")

    def test_card_sale_other_company_type_refused(self):
        other = self.env["res.company"].create({"name": "Other Desk Co"})
        self.env.user.company_ids |= other
        other_type = (
            self.env["sports.card.type"]
            .with_company(other)
            .create({"name": "Other Desk Value", "kind": "stored_value", "company_id": other.id})
        )
        lines = self._card_lines("cs-other", product=other_type.product_id, deposit=0)
        with self.assertRaisesRegex(UserError, "Other Desk Co"), self.env.cr.savepoint():
            self._sync(lines, "cs-other")
        self.assertFalse(other_type.card_count)

    def test_topup_refund_reverses_or_refuses(self):
        card = self._new_card()
        order, _data = self._sync([self._topup_line("tu-r-500", card, 500.0)], "tu-r-1")
        line = order.lines
        refund = {
            "product": self.topup_product,
            "quantity": -1,
            "uuid": "tu-r-back",
            "price_unit": 500.0,
            "price_subtotal": -500.0,
            "price_subtotal_incl": -500.0,
            "refunded_orderline_id": line.id,
        }
        # Spent money cannot be refunded at the POS.
        card.charge(100.0, "tu-r-spend", ref="test")
        with self.assertRaisesRegex(UserError, "no longer holds"), self.env.cr.savepoint():
            self._sync([refund], "tu-r-2")
        card.refund_spend(card.move_ids.filtered(lambda m: m.kind == "spend"), 100.0, "tu-r-sr")
        self._sync([refund], "tu-r-3")
        card.invalidate_recordset()
        self.assertEqual((card.balance_paid, card.balance_bonus), (0.0, 0.0))
        self.assertFalse(self.env["sports.card"]._check_balance_integrity())
        self._close_session()
        self.assertEqual(self._gl_balance(self.company.card_pos_clearing_account_id), 0.0)
        self.assertEqual(self._gl_balance(self.company.card_liability_account_id), 0.0)

    def test_card_refund_refused_at_pos(self):
        order, _data = self._sync(self._card_lines("cs-ref"), "cs-ref")
        card_line = order.lines.filtered("sports_issued_card_ids")
        refund = {
            "product": self.card_product,
            "quantity": -1,
            "uuid": "cs-ref-back",
            "refunded_orderline_id": card_line.id,
        }
        with self.assertRaisesRegex(UserError, "from its form"), self.env.cr.savepoint():
            self._sync([refund], "cs-ref-2")

    # ------------------------------------------------------------------ desk helpers

    def test_lookup_by_number_uid_and_customer(self):
        card = self._new_card()
        card.uid = "04:A1:B2:C3"
        Card = self.env["sports.card"]
        by_number = Card.sports_pos_card_lookup(self.config.id, code=card.name.lower())
        self.assertEqual([info["number"] for info in by_number], [card.name])
        self.assertEqual(by_number[0]["tiers"][0], {"amount_min": 500.0, "bonus": 30.0})
        self.assertEqual(by_number[0]["state_label"], "Active")
        by_uid = Card.sports_pos_card_lookup(self.config.id, code="04a1b2c3")
        self.assertEqual(by_uid[0]["id"], card.id)
        by_holder = Card.sports_pos_card_lookup(self.config.id, partner_id=self.holder.id)
        self.assertIn(card.id, [info["id"] for info in by_holder])
        with self.assertRaisesRegex(UserError, "No member card"):
            Card.sports_pos_card_lookup(self.config.id, code="MC0000000")
        cashier = new_test_user(
            self.env,
            login="pcs_lookup",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.company.id,
        )
        with self.assertRaisesRegex(AccessError, "Arena user group"):
            Card.with_user(cashier).sports_pos_card_lookup(self.config.id, code=card.name)

    def test_products_need_server_and_roles(self):
        templates = (self.card_product | self.deposit_product | self.topup_product).product_tmpl_id
        self.assertEqual(templates.mapped("sports_card_role"), ["card", "deposit", "topup"])
        self.assertTrue(all(templates.mapped("sports_pos_needs_server")))
        self.assertEqual(self.card_product.product_tmpl_id.sports_card_deposit, 20.0)
        fields = self.env["product.template"]._load_pos_data_fields(self.config)
        self.assertIn("sports_card_role", fields)

    def test_card_barcode_rule(self):
        nomenclature = self.env.ref("barcodes.default_barcode_nomenclature")
        parsed = nomenclature.parse_barcode("MC2026000001")
        self.assertEqual(parsed["type"], "sports_card")
        rule = self.env.ref("sports_pos_membership.barcode_rule_sports_card")
        self.assertLess(rule.sequence, 90)
        self.assertNotIn("{", rule.pattern)
