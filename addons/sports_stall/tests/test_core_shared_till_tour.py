from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .core_common import make_stall


@tagged("post_install", "-at_install")
class TestCoreSharedTillTour(TestPointOfSaleHttpCommon):
    def test_shared_till_refuses_a_product_of_no_stall(self):
        self.env.user.group_ids |= self.env.ref("sports_venue.group_arena_manager")
        venue = self.env["sports.venue"].create({"name": "Tour Court", "code": "TSTT"})
        noodles = make_stall(self.env, venue, "Tour Noodle Bar", "T-01", "Tour Noodles Co.")
        tea = make_stall(self.env, venue, "Tour Tea Bar", "T-02", "Tour Tea Co.")
        Product = self.env["product.product"]
        for name, price, stall in (
            ("Tour Noodles", 28.0, noodles),
            ("Tour Milk Tea", 15.5, tea),
            ("Tour Towel", 20.0, None),
        ):
            Product.create(
                {
                    "name": name,
                    "available_in_pos": True,
                    "lst_price": price,
                    "taxes_id": [(5, 0, 0)],
                    "sports_stall_id": stall and stall.id,
                }
            )
        self.main_pos_config.write({"sports_venue_id": venue.id, "sports_stall_shared": True})
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_stall_shared_till", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(
            {line.product_id.name: line.sports_stall_id for line in order.lines},
            {"Tour Noodles": noodles, "Tour Milk Tea": tea},
        )
