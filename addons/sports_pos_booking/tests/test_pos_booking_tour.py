from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tests.common import open_every_day


@tagged("post_install", "-at_install")
class TestPosBookingTour(TestPointOfSaleHttpCommon):
    def _setup_venue(self):
        self.env.user.group_ids |= self.env.ref("sports_venue.group_arena_manager")
        calendar = open_every_day(self.env, "Tour 8-22", 8, 22)
        venue = self.env["sports.venue"].create(
            {
                "name": "Tour Arena",
                "code": "TBTOUR",
                "tz": DEFAULT_TZ,
                "resource_calendar_id": calendar.id,
            }
        )
        court = self.env["sports.space"].create({"name": "Tour Court 1", "venue_id": venue.id})
        self.env["sports.price.rule"].create(
            {"name": "Tour price", "venue_id": venue.id, "price_per_hour": 80.0}
        )
        product = self.env.ref("sports_booking.product_court_booking")
        # The POS test setup archives the demo's POS products: this one included.
        product.product_tmpl_id.write(
            {"active": True, "available_in_pos": True, "taxes_id": [Command.clear()]}
        )
        self.pos_user.group_ids |= self.env.ref("sports_venue.group_arena_user")
        self.main_pos_config.sports_venue_id = venue
        self.main_pos_config.with_user(self.pos_user).open_ui()
        return court

    def test_court_booking(self):
        court = self._setup_venue()
        self.start_pos_tour("sports_pos_booking_court", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, self.partner_test_1)
        booking = order.lines.sports_booking_ids
        self.assertRecordValues(
            booking,
            [
                {
                    "space_id": court.id,
                    "channel": "pos",
                    "amount_total": 160.0,
                    "partner_id": self.partner_test_1.id,
                    "duration_minutes": 120,
                }
            ],
        )
        local = court.venue_id._localize(booking.start_at)
        self.assertEqual(f"{local:%H:%M}", "10:00")

    def test_court_booking_slot_taken_meanwhile(self):
        court = self._setup_venue()
        self.start_pos_tour("sports_pos_booking_slot_taken", login="pos_user")
        bookings = self.env["sports.booking"].search([("space_id", "=", court.id)])
        by_channel = {b.channel: b for b in bookings}
        self.assertEqual(sorted(by_channel), ["backend", "pos"], "the taken slot, then 15:00")
        self.assertEqual(
            f"{court.venue_id._localize(by_channel['backend'].start_at):%H:%M}", "14:00"
        )
        self.assertEqual(f"{court.venue_id._localize(by_channel['pos'].start_at):%H:%M}", "15:00")
        order = self.main_pos_config.current_session_id.order_ids.filtered(
            lambda o: o.state == "paid"
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.lines.sports_booking_ids, by_channel["pos"])
        self.assertEqual(order.amount_total, 80.0)
