from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .core_common import StallPosCase


@tagged("post_install", "-at_install")
class TestCoreAttribution(StallPosCase):
    def test_own_till_attributes_every_line_to_its_stall(self):
        self.open_till(stall=self.noodles)
        # Even a product of another stall or of none: the till is the stall's.
        order = self.sell([(self.noodle_bowl, 2), (self.towel, 1), (self.milk_tea, 1)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(set(order.lines.mapped("sports_stall_id")), {self.noodles})

    def test_shared_till_attributes_each_line_to_its_products_stall(self):
        self.open_till(shared=True)
        order = self.sell([(self.noodle_bowl, 1), (self.milk_tea, 3)])
        by_product = {line.product_id: line.sports_stall_id for line in order.lines}
        self.assertEqual(by_product[self.noodle_bowl], self.noodles)
        self.assertEqual(by_product[self.milk_tea], self.tea)

    def test_mixed_stall_order_in_a_shared_till_splits_by_stall(self):
        self.open_till(shared=True)
        order = self.sell([(self.noodle_bowl, 2), (self.milk_tea, 2), (self.noodle_bowl, 1)])
        self.assertEqual(len(order.lines), 3)
        noodles = order.lines.filtered(lambda line: line.sports_stall_id == self.noodles)
        tea = order.lines.filtered(lambda line: line.sports_stall_id == self.tea)
        self.assertEqual(len(noodles), 2)
        self.assertAlmostEqual(sum(noodles.mapped("price_subtotal_incl")), 84.0)
        self.assertAlmostEqual(sum(tea.mapped("price_subtotal_incl")), 31.0)
        self.assertFalse(order.lines - noodles - tea)

    def test_plain_till_attributes_a_stall_product_and_leaves_others(self):
        self.open_till()
        order = self.sell([(self.noodle_bowl, 1), (self.towel, 1)])
        by_product = {line.product_id: line.sports_stall_id for line in order.lines}
        self.assertEqual(by_product[self.noodle_bowl], self.noodles)
        self.assertFalse(by_product[self.towel])

    def test_refund_copies_the_stall_of_its_origin(self):
        self.open_till(shared=True)
        order = self.sell([(self.milk_tea, 2)])
        line = order.lines
        # The product moves to another stall after the sale: the refund stays the tea
        # bar's, like the sale it reverses.
        self.milk_tea.product_tmpl_id.sports_stall_id = self.noodles
        refund = self.sell(
            [{"product": self.milk_tea, "quantity": -1, "refunded_orderline_id": line.id}]
        )
        self.assertEqual(refund.lines.sports_stall_id, self.tea)
        self.assertEqual(refund.lines.refunded_orderline_id, line)

    def test_the_stall_of_a_line_never_changes(self):
        self.open_till(shared=True)
        line = self.sell([(self.milk_tea, 1)]).lines
        with self.assertRaisesRegex(UserError, "never changes"):
            line.write({"sports_stall_id": self.noodles.id})
        with self.assertRaisesRegex(UserError, "never changes"):
            line.write({"sports_stall_id": False})
        self.assertEqual(line.sports_stall_id, self.tea)
        # Writing the same stall, or other fields, is no change.
        line.write({"sports_stall_id": self.tea.id, "customer_note": "less sugar"})
        self.assertEqual(line.sports_stall_id, self.tea)

    def test_a_created_line_cannot_choose_its_stall(self):
        self.open_till(shared=True)
        data_line = {"product": self.milk_tea, "quantity": 1, "sports_stall_id": self.noodles.id}
        order = self.sell([data_line])
        self.assertEqual(order.lines.sports_stall_id, self.tea, "the server decides")

    def test_shared_till_refuses_a_product_of_no_stall_and_writes_nothing(self):
        self.open_till(shared=True)
        with self.assertRaisesRegex(UserError, "Sports towel belongs to no stall"):
            with self.env.cr.savepoint():
                self.sell([(self.milk_tea, 1), (self.towel, 1)], uuid_="stall-orphan-1")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "stall-orphan-1")]))
        self.assertFalse(self.pos_session.order_ids)

    def test_a_till_is_own_or_shared_not_both(self):
        with self.assertRaisesRegex(ValidationError, "both a stall's own till and shared"):
            self.basic_config.write(
                {"sports_stall_id": self.noodles.id, "sports_stall_shared": True}
            )
        self.basic_config.sports_stall_id = self.noodles
        with self.assertRaisesRegex(ValidationError, "both a stall's own till and shared"):
            self.basic_config.sports_stall_shared = True
        with self.assertRaisesRegex(ValidationError, "both a stall's own till and shared"):
            self.env["pos.config"].create(
                {"name": "Both", "sports_stall_id": self.tea.id, "sports_stall_shared": True}
            )

    def test_pos_loads_the_stall_of_products(self):
        self.open_till(shared=True)
        fields_ = self.env["product.template"]._load_pos_data_fields(self.config)
        self.assertIn("sports_stall_id", fields_)
        self.assertTrue(self.config.sports_stall_shared)
