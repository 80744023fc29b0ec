from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosTimedTour(TestPointOfSaleHttpCommon):
    def test_timed_session_start_stop_pay(self):
        self.env.user.group_ids |= self.env.ref("sports_venue.group_arena_manager")
        venue = self.env["sports.venue"].create(
            {"name": "Tour Timed Arena", "code": "TTIMT", "tz": DEFAULT_TZ}
        )
        product = self.env["product.product"].create(
            {
                "name": "Tour Table Time",
                "type": "service",
                "list_price": 20.0,
                "available_in_pos": True,
                "taxes_id": [(5, 0, 0)],
            }
        )
        item = self.env["sports.timed.item"].create(
            {
                "name": "Tour Table",
                "venue_id": venue.id,
                "product_id": product.id,
                "period_minutes": 30,
                "price": 20.0,
            }
        )
        self.pos_user.group_ids |= self.env.ref("sports_venue.group_arena_user")
        self.main_pos_config.sports_venue_id = venue
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_timed_session", login="pos_user")
        session = item.session_ids
        self.assertEqual(len(session), 1)
        self.assertEqual(session.state, "paid")
        self.assertEqual(session.amount, 20.0)
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(session.pos_order_id, order)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.amount_total, 20.0)
