import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosDesk(TestPoSCommon):
    """Goods from stock, rentals with deposit and ticket scanning at the front desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Desk Arena", "code": "TDESK", "tz": DEFAULT_TZ}
        )
        cls.ticket_type = cls.env["sports.ticket.type"].create(
            {"name": "Desk swim", "venue_id": cls.venue.id, "kind": "single", "price": 30.0}
        )
        cls.ticket_type.product_id.write({"available_in_pos": True, "taxes_id": [(5, 0, 0)]})
        Product = cls.env["product.product"]
        cls.water = Product.create(
            {
                "name": "Desk water",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 3.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.deposit_account = cls.company._sports_rental_deposit_account()
        cls.deposit = Product.create(
            {
                "name": "Desk racket deposit",
                "type": "service",
                "available_in_pos": True,
                "list_price": 100.0,
                "taxes_id": [(5, 0, 0)],
                "property_account_income_id": cls.deposit_account.id,
            }
        )
        cls.deposit.taxes_id = False
        cls.racket = Product.create(
            {
                "name": "Desk racket rental",
                "type": "service",
                "available_in_pos": True,
                "list_price": 10.0,
                "taxes_id": [(5, 0, 0)],
                "sports_rental_ok": True,
                "sports_rental_deposit_product_id": cls.deposit.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    def _sync(self, lines, uuid):
        data = self.create_ui_order_data(lines, pos_order_ui_args={"state": "paid"}, uuid=uuid)
        self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", uuid)])

    # ------------------------------------------------------------------ goods (flow 4)

    def test_goods_sale_lowers_the_warehouse_stock(self):
        location = self.config.picking_type_id.default_location_src_id
        self.env["stock.quant"]._update_available_quantity(self.water, location, 50)
        order = self._sync([(self.water, 4)], "desk-goods-1")
        self.assertEqual(order.state, "paid")
        self.assertTrue(order.picking_ids, "the POS made its own picking")
        self.assertEqual(order.picking_ids.move_ids.product_id, self.water)
        self.assertEqual(self.water.with_context(location=location.id).qty_available, 46)

    def test_demo_front_desk_picks_from_the_venue_warehouse(self):
        # The demo belongs to the main company, which the test's POS user is not in.
        env = self.env(user=self.env.ref("base.user_admin"))
        desk = env.ref("sports_pos.pos_config_front_desk")
        warehouse = env.ref("sports_pos.warehouse_csc")
        self.assertEqual(desk.sports_venue_id.warehouse_id, warehouse)
        self.assertEqual(desk.picking_type_id, warehouse.pos_type_id)
        goods = env["product.product"].search(
            [("is_storable", "=", True), ("available_in_pos", "=", True)]
        )
        in_stock = goods.with_context(warehouse_id=warehouse.id).filtered("qty_available")
        self.assertGreaterEqual(len(in_stock), 4)
        orderpoints = env["stock.warehouse.orderpoint"].search(
            [("warehouse_id", "=", warehouse.id)]
        )
        below = orderpoints.filtered(
            lambda o: (
                o.product_id.with_context(warehouse_id=warehouse.id).qty_available
                < o.product_min_qty
            )
        )
        self.assertEqual(len(below), 1, "one product is below its minimum")
        rented = env["product.template"].search([("sports_rental_ok", "=", True)])
        self.assertGreaterEqual(len(rented), 3)
        account = desk.company_id.sports_rental_deposit_account_id
        self.assertEqual(
            rented.sports_rental_deposit_product_id.property_account_income_id, account
        )

    # ------------------------------------------------------------------ rentals (flow 6)

    def _rent(self, uuid):
        return self._sync(
            [
                (self.racket, 1),
                {
                    "product": self.deposit,
                    "quantity": 1,
                    "sports_rental_product_id": self.racket.id,
                },
            ],
            uuid,
        )

    def test_rental_is_out_until_its_deposit_is_refunded(self):
        order = self._rent("desk-rent-1")
        deposit_line = order.lines.filtered(lambda line: line.product_id == self.deposit)
        self.assertEqual(deposit_line.sports_rental_state, "out")
        self.assertFalse((order.lines - deposit_line).sports_rental_state)
        out = self.env["pos.order.line"].search([("sports_rental_state", "=", "out")])
        self.assertIn(deposit_line, out)
        # The item comes back: a POS refund of the deposit line.
        refund = self._sync(
            [
                {
                    "product": self.deposit,
                    "quantity": -1,
                    "refunded_orderline_id": deposit_line.id,
                }
            ],
            "desk-rent-2",
        )
        self.assertAlmostEqual(refund.amount_total, -100.0)
        self.assertEqual(deposit_line.sports_rental_state, "returned")
        self.assertEqual(refund.lines.refunded_orderline_id, deposit_line)

    def test_rental_needs_its_deposit(self):
        with self.assertRaisesRegex(UserError, "deposit"), self.env.cr.savepoint():
            self._sync([(self.racket, 2), (self.deposit, 1)], "desk-rent-3")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "desk-rent-3")]))

    def test_deposit_product_must_be_untaxed_and_a_liability(self):
        tax = self.env["account.tax"].create({"name": "Desk VAT", "amount": 6.0})
        income = self.env["account.account"].search(
            [("account_type", "=", "income"), ("company_ids", "in", self.company.ids)], limit=1
        )
        Product = self.env["product.product"]
        taxed = Product.create(
            {
                "name": "Taxed deposit",
                "type": "service",
                "taxes_id": [(6, 0, tax.ids)],
                "property_account_income_id": self.deposit_account.id,
            }
        )
        earned = Product.create(
            {
                "name": "Earned deposit",
                "type": "service",
                "taxes_id": [(5, 0, 0)],
                "property_account_income_id": income.id,
            }
        )
        for deposit, message in ((taxed, "untaxed"), (earned, "liability"), (False, "deposit")):
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message):
                Product.create(
                    {
                        "name": "Swim ring",
                        "type": "service",
                        "sports_rental_ok": True,
                        "sports_rental_deposit_product_id": deposit and deposit.id,
                    }
                )
        self.assertEqual(self.deposit_account.account_type, "liability_current")

    # ------------------------------------------------------------------ scanning (flow 7)

    def test_ticket_barcode_rule(self):
        rule = self.env.ref("sports_pos.barcode_rule_sports_ticket")
        self.assertEqual(rule.type, "sports_ticket")
        self.assertLess(rule.sequence, 90)
        self.assertNotIn("{", rule.pattern)
        tickets = self.ticket_type._sell(3, None, None, None)
        for token in tickets.mapped("qr_token"):
            self.assertTrue(re.match(rule.pattern, token), token)
        for other in ("6901234500011", "MC000123", "04A1B2C3"):
            self.assertFalse(re.match(rule.pattern, other), other)

    def test_scanned_ticket_is_looked_up_on_the_server(self):
        data = self.create_ui_order_data(
            [(self.ticket_type.product_id, 1)], pos_order_ui_args={"state": "paid"}
        )
        result = self.env["pos.order"].sync_from_ui([data])
        line = self.env["pos.order.line"].browse(result["pos.order.line"][0]["id"])
        ticket = line.sports_ticket_ids
        Line = self.env["pos.order.line"]
        found = Line.sports_ticket_lookup(ticket.qr_token)
        self.assertEqual(found["state"], "valid")
        self.assertEqual(found["pos_order_line_id"], line.id)
        self.assertAlmostEqual(found["refund_price"], 30.0)
        token = ticket.qr_token
        tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
        for bad, message in (
            (token[:-1], "wrong length"),
            (token + "A", "wrong length"),
            (tampered, "not genuine"),
            ("", "required"),
            (5, "text"),
        ):
            with self.subTest(bad=bad), self.assertRaisesRegex(ValidationError, message):
                Line.sports_ticket_lookup(bad)
        ticket._revoke("test")
        self.assertEqual(Line.sports_ticket_lookup(token)["state"], "revoked")

    def test_ticket_lookup_needs_venue_staff(self):
        tickets = self.ticket_type._sell(1, None, None, None)
        pos_only = new_test_user(self.env, "desk_pos_only", groups="point_of_sale.group_pos_user")
        with self.assertRaisesRegex(AccessError, "Arena user group"):
            self.env["pos.order.line"].with_user(pos_only).sports_ticket_lookup(tickets.qr_token)
