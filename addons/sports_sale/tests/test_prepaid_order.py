from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPrepaidOrder(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.portal_user = new_test_user(
            cls.env, login="arena_sale_portal", groups="base.group_portal"
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Court hour", "type": "service", "list_price": 999.0}
        )

    def test_portal_user_gets_a_prepaid_order_at_the_server_price(self):
        env = self.env(user=self.portal_user)
        order = env["sale.order"]._arena_prepaid_order(
            self.portal_user.partner_id,
            self.company,
            "BK-1",
            [{"product_id": self.product.id, "product_uom_qty": 2, "price_unit": 80.0}],
        )
        self.assertEqual(order.partner_id, self.portal_user.partner_id)
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.origin, "BK-1")
        self.assertTrue(order.require_payment)
        self.assertFalse(order.require_signature)
        self.assertEqual(order.prepayment_percent, 1.0)
        self.assertFalse(order.pricelist_id)
        # The caller's price wins over the product's list price, and nothing is taxed on top.
        self.assertEqual(order.order_line.price_unit, 80.0)
        self.assertEqual(order.order_line.product_uom_qty, 2)
        self.assertEqual(order.state, "draft")

    def test_one_line_per_value_dict(self):
        order = self.env["sale.order"]._arena_prepaid_order(
            self.portal_user.partner_id,
            self.company,
            "T",
            [
                {"product_id": self.product.id, "price_unit": 10.0, "name": "A"},
                {"product_id": self.product.id, "price_unit": 20.0, "name": "B"},
            ],
        )
        self.assertEqual(order.order_line.mapped("name"), ["A", "B"])
        self.assertEqual(order.order_line.mapped("price_unit"), [10.0, 20.0])
