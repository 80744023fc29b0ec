from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_pos.tests.common import ui_order_copy
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tests.common import open_every_day


@tagged("post_install", "-at_install")
class TestPosBooking(TestPoSCommon):
    """Court bookings sold at the desk: booked when the server accepts the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.env.user.tz = DEFAULT_TZ
        calendar = open_every_day(cls.env, "Desk 6-22", 6, 22)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Desk Arena",
                "code": "TPBK",
                "tz": DEFAULT_TZ,
                "resource_calendar_id": calendar.id,
            }
        )
        cls.court = cls.env["sports.space"].create({"name": "Court 1", "venue_id": cls.venue.id})
        cls.court2 = cls.env["sports.space"].create({"name": "Court 2", "venue_id": cls.venue.id})
        cls.env["sports.price.rule"].create(
            {"name": "Standard", "venue_id": cls.venue.id, "price_per_hour": 80.0}
        )
        cls.product = cls.env.ref("sports_booking.product_court_booking")
        # The POS test setup archives the demo's POS products: this one included.
        cls.product.product_tmpl_id.write(
            {"active": True, "available_in_pos": True, "taxes_id": [Command.clear()]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Zhang San"})
        cls.Booking = cls.env["sports.booking"]

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    @classmethod
    def local(cls, days, hour):
        """UTC naive datetime of ``hour``:00 local time ``days`` from today."""
        today = cls.venue._local_date(datetime.utcnow())
        local = datetime.combine(today + timedelta(days=days), datetime.min.time())
        return cls.venue._to_utc(local + timedelta(hours=hour))

    _copy = staticmethod(ui_order_copy)

    def _line(self, space, start, end, price=None, **extra):
        if price is None:
            price = self.Booking.quote(space.id, start, end, self.customer.id)
        discount = extra.get("discount", 0.0)
        return {
            "product": self.product,
            "quantity": 1,
            "price_unit": price,
            "price_subtotal": price * (1 - discount / 100),
            "price_subtotal_incl": price * (1 - discount / 100),
            "sports_space_id": space.id,
            "sports_start_at": start,
            "sports_end_at": end,
            **extra,
        }

    def _data(self, lines, uuid, state="paid"):
        data = self.create_ui_order_data(
            lines,
            customer=self.customer,
            pos_order_ui_args={"state": state, "access_token": f"{uuid}-token"},
            uuid=uuid,
        )
        return self._copy(data)

    def _sync(self, data):
        self.env["pos.order"].sync_from_ui([self._copy(data)])
        # By uuid: for a refund, the result lists the refunded order first.
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def test_booking_made_at_sync_with_channel_pos(self):
        start, end = self.local(1, 10), self.local(1, 12)
        self.assertEqual(self.Booking.quote(self.court.id, start, end, self.customer.id), 160.0)
        order = self._sync(self._data([self._line(self.court, start, end)], "bk-made"))
        self.assertEqual(order.state, "paid")
        booking = order.lines.sports_booking_ids
        self.assertEqual(len(booking), 1)
        self.assertRecordValues(
            booking,
            [
                {
                    "space_id": self.court.id,
                    "start_at": start,
                    "end_at": end,
                    "partner_id": self.customer.id,
                    "channel": "pos",
                    "state": "confirmed",
                    "amount_total": 160.0,
                    "pos_order_line_id": order.lines.id,
                    "pos_order_id": order.id,
                }
            ],
        )

    def test_two_booking_lines_on_one_order(self):
        start = self.local(1, 14)
        lines = [
            self._line(self.court, start, start + timedelta(hours=1)),
            self._line(self.court2, start, start + timedelta(hours=2)),
        ]
        order = self._sync(self._data(lines, "bk-two"))
        bookings = order.lines.sports_booking_ids
        self.assertEqual(sorted(bookings.mapped("amount_total")), [80.0, 160.0])
        self.assertEqual(bookings.space_id, self.court | self.court2)

    def test_resync_books_once(self):
        start, end = self.local(1, 8), self.local(1, 9)
        data = self._data([self._line(self.court, start, end, uuid="bk-once-line")], "bk-once")
        for index, payment in enumerate(data["payment_ids"]):
            payment[2]["uuid"] = f"bk-once-pay-{index}"
        self._sync({**data, "state": "draft"})
        order = self.env["pos.order"].search([("uuid", "=", "bk-once")])
        self.assertFalse(order.lines.sports_booking_ids, "A draft order books nothing.")
        for _i in range(2):
            self._sync(data)
        self.assertEqual(order.state, "paid")
        self.assertEqual(len(order.lines.sports_booking_ids), 1)
        # Booking again for the same lines (a replayed acceptance) books nothing more.
        order._sports_booking_book()
        self.assertEqual(
            self.Booking.search_count([("space_id", "=", self.court.id), ("start_at", "=", start)]),
            1,
        )

    def test_slot_taken_refuses_the_whole_order(self):
        start, end = self.local(2, 18), self.local(2, 20)
        data = self._data([self._line(self.court, start, end)], "bk-taken")
        # Booked online between the quote and the payment.
        other = self.env["res.partner"].create({"name": "Li Si"})
        self.Booking.book(self.court.id, start + timedelta(hours=1), end, other.id)
        with self.assertRaisesRegex(UserError, r"Court 1, .* 18:00-20:00 cannot be booked"):
            with self.env.cr.savepoint():
                self._sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "bk-taken")]))
        self.assertEqual(self.Booking.search_count([("channel", "=", "pos")]), 0)

    def test_discount_and_wrong_price_refused(self):
        start, end = self.local(1, 16), self.local(1, 17)
        with self.assertRaisesRegex(UserError, "no discount"), self.env.cr.savepoint():
            self._sync(self._data([self._line(self.court, start, end, discount=10.0)], "bk-d"))
        with self.assertRaisesRegex(UserError, "price of this booking"), self.env.cr.savepoint():
            self._sync(self._data([self._line(self.court, start, end, price=50.0)], "bk-p"))
        self.assertFalse(self.Booking.search([("channel", "=", "pos")]))

    def test_booking_line_needs_a_space_and_a_customer(self):
        start, end = self.local(1, 16), self.local(1, 17)
        line = self._line(self.court, start, end)
        del line["sports_space_id"]
        with self.assertRaisesRegex(UserError, "Book court button"), self.env.cr.savepoint():
            self._sync(self._data([line], "bk-nospace"))
        data = self._data([self._line(self.court, start, end)], "bk-nopartner")
        data["partner_id"] = False
        with self.assertRaisesRegex(UserError, "customer"), self.env.cr.savepoint():
            self._sync(data)

    def test_refund_cancels_the_booking(self):
        start, end = self.local(3, 10), self.local(3, 11)
        order = self._sync(self._data([self._line(self.court, start, end)], "bk-ref-1"))
        booking = order.lines.sports_booking_ids
        refund_data = self._data(
            [
                {
                    "product": self.product,
                    "quantity": -1,
                    "price_unit": 80.0,
                    "price_subtotal": -80.0,
                    "price_subtotal_incl": -80.0,
                    "refunded_orderline_id": order.lines.id,
                }
            ],
            "bk-ref-2",
        )
        refund = self._sync(refund_data)
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(booking.pos_refund_line_id, refund.lines)
        self.assertEqual(refund.lines.sports_space_id, self.court, "The refund carries the space.")
        self.assertEqual(refund.lines.sports_start_at, start)
        self.assertFalse(refund.lines.sports_booking_ids, "A refund books nothing.")
        # Replayed, the refund cancels nothing twice and raises nothing.
        refund._sports_booking_refund()
        # The slot is free again.
        again = self._sync(self._data([self._line(self.court, start, end)], "bk-ref-3"))
        self.assertEqual(again.lines.sports_booking_ids.state, "confirmed")

    def test_refund_of_a_started_booking_refused(self):
        start, end = self.local(1, 10), self.local(1, 11)
        order = self._sync(self._data([self._line(self.court, start, end)], "bk-used-1"))
        order.lines.sports_booking_ids.action_check_in()
        refund_data = self._data(
            [
                {
                    "product": self.product,
                    "quantity": -1,
                    "price_unit": 80.0,
                    "price_subtotal": -80.0,
                    "price_subtotal_incl": -80.0,
                    "refunded_orderline_id": order.lines.id,
                }
            ],
            "bk-used-2",
        )
        with self.assertRaisesRegex(UserError, "cannot be refunded"), self.env.cr.savepoint():
            self._sync(refund_data)
        self.assertEqual(order.lines.sports_booking_ids.state, "checked_in")

    def test_card_scope_and_needs_server(self):
        start, end = self.local(1, 20), self.local(1, 21)
        order = self._sync(self._data([self._line(self.court, start, end)], "bk-scope"))
        self.assertEqual(order.lines._sports_card_charge_scope(), {"space": self.court})
        self.assertTrue(self.product.product_tmpl_id.sports_pos_needs_server)
        fields = self.env["pos.order.line"]._load_pos_data_fields(self.config)
        self.assertTrue({"sports_space_id", "sports_start_at", "sports_end_at"} <= set(fields))
        self.assertIn("sports.space", self.env["pos.session"]._load_pos_data_models(self.config))

    def test_cashier_without_arena_rights_gets_a_clear_message(self):
        cashier = new_test_user(
            self.env,
            login="bk_plain_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        start, end = self.local(1, 12), self.local(1, 13)
        data = self._data([self._line(self.court, start, end)], "bk-rights")
        with self.assertRaisesRegex(AccessError, "Arena user group"), self.env.cr.savepoint():
            self.env["pos.order"].with_user(cashier).sync_from_ui([self._copy(data)])
        self.assertFalse(self.Booking.search([("channel", "=", "pos")]))
