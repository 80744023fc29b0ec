from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tests.common import open_every_day

# Monday 1 June 2026, Nanjing time (UTC+8), as naive UTC.
DAY = datetime(2026, 6, 1)


def local(hour, minute=0):
    return DAY + timedelta(hours=hour - 8, minutes=minute)


@tagged("post_install", "-at_install")
class TestPosTimedSpace(TestPoSCommon):
    """A timer on a space is a walk-in booking: from now, checked in, up to the next
    booking; it blocks online booking; stopping bills the played time rounded up to the
    slot, shortens the booking and turns the lights off through the schedule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Walk-in Arena",
                "code": "TWLK",
                "tz": DEFAULT_TZ,
                "resource_calendar_id": open_every_day(cls.env, "Open 6-22", 6, 22).id,
                "booking_slot_minutes": 30,
                "booking_min_minutes": 30,
                "booking_window_days": 14,
            }
        )
        cls.court = cls.env["sports.space"].create({"name": "Court 1", "venue_id": cls.venue.id})
        cls.light = cls.env["sports.device"].create(
            {
                "name": "Court 1 light",
                "identifier": "light-walk-in",
                "kind": "light",
                "venue_id": cls.venue.id,
                "space_id": cls.court.id,
            }
        )
        cls.env["sports.price.rule"].create(
            {"name": "Standard", "venue_id": cls.venue.id, "price_per_hour": 100.0}
        )
        cls.player = cls.env["res.partner"].create({"name": "Walk-in Wang"})
        cls.member = cls.env["res.partner"].create({"name": "Online Li"})
        cls.Session = cls.env["sports.timed.session"]
        cls.Booking = cls.env["sports.booking"]

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()
        with freeze_time(local(9)):
            self.next_booking = self.Booking.book(
                self.court.id, local(12), local(13), self.member.id
            )

    def _start(self, at):
        with freeze_time(at):
            payload = self.Session.pos_start(self.config.id, "space", self.court.id, self.player.id)
        return self.Session.search([("space_id", "=", self.court.id)], limit=1), payload

    def _schedule(self):
        return self.env["sports.space"].light_schedule(self.venue.id, local(6), local(22))

    def test_start_books_a_walk_in_up_to_the_next_booking(self):
        with freeze_time(local(10, 7)):
            payload = self.Session.pos_refresh(self.config.id, [])
        space = next(s for s in payload["startables"] if s["kind"] == "space")
        self.assertEqual(space["id"], self.court.id)
        self.assertIn("12:00", space["detail"])
        session, payload = self._start(local(10, 7) + timedelta(seconds=42))
        booking = session.booking_id
        self.assertEqual(session.state, "running")
        self.assertEqual(booking.channel, "pos")
        self.assertEqual(booking.state, "checked_in")
        self.assertEqual(booking.partner_id, self.player)
        self.assertEqual(booking.start_at, local(10, 7), "From now, to the minute.")
        self.assertEqual(booking.end_at, local(12), "Open-ended up to the next booking.")
        self.assertEqual(session.start_at, booking.start_at)
        self.assertEqual(payload["due"][session.id]["amount"], 50.0, "One started slot.")
        self.assertNotIn(self.court.id, [s["id"] for s in payload["startables"]])
        with self.assertRaisesRegex(UserError, "in use now"), freeze_time(local(10, 30)):
            self.Session.pos_start(self.config.id, "space", self.court.id)

    def test_running_session_blocks_online_booking(self):
        self._start(local(10, 7))
        with freeze_time(local(10, 10)):
            with self.assertRaisesRegex(ValidationError, "already booked"):
                self.Booking.book(
                    self.court.id, local(11), local(11, 30), self.member.id, channel="portal"
                )
            # In the database too: the walk-in holds occupancy rows of the space.
            busy = self.court._booking_availability(local(11), local(11, 30))[self.court.id]
            self.assertEqual(len(busy), 1)

    def test_stop_bills_rounded_up_to_the_slot_and_shortens_the_booking(self):
        session, _payload = self._start(local(10, 7))
        booking = session.booking_id
        with freeze_time(local(10, 48)):
            payload = self.Session.pos_refresh(self.config.id, [])
        self.assertEqual(payload["due"][session.id]["amount"], 100.0)
        self.assertEqual(
            payload["due"][session.id]["until"], "2026-06-01 03:07:00", "The third slot at 11:07."
        )
        with freeze_time(local(10, 48)):
            self.Session.pos_stop(self.config.id, session.id)
        self.assertEqual(session.state, "stopped")
        self.assertEqual(session.amount, 100.0, "41 minutes are two 30-minute slots.")
        self.assertEqual(booking.end_at, local(11, 7), "Shortened to the billed end.")
        self.assertEqual(booking.amount_total, 100.0)
        self.assertEqual(booking.state, "done")
        self.assertEqual(booking.checked_out_at, local(10, 48))
        # The lights follow the check-out: off five minutes (the grace) after it.
        schedule = [s for s in self._schedule() if s["device_id"] == self.light.id]
        self.assertEqual(schedule[0]["off_at"], (local(10, 53)).isoformat() + "Z")
        # The space is free again for online booking.
        with freeze_time(local(10, 50)):
            self.Booking.book(
                self.court.id, local(11), local(11, 30), self.member.id, channel="portal"
            )
        # Paid at the desk: the line bills the session once.
        data = self.create_ui_order_data(
            [
                {
                    "product": session.product_id,
                    "quantity": 1,
                    "price_unit": 100.0,
                    "price_subtotal": 100.0,
                    "price_subtotal_incl": 100.0,
                    "sports_timed_session_id": session.id,
                }
            ],
            pos_order_ui_args={"state": "paid"},
            payments=[(self.cash_pm1, 100.0)],
        )
        self.env["pos.order"].sync_from_ui([data])
        self.assertEqual(session.state, "paid")
        self.assertEqual(session.pos_order_line_id.price_unit, 100.0)
        # A member card scoped to some courts pays for the walk-in on this one.
        self.assertEqual(
            session.pos_order_line_id._sports_card_charge_scope().get("space"), self.court
        )

    def test_court_time_is_billed_by_its_session_only(self):
        product = self.env.ref("sports_pos_booking.product_timed_space")
        data = self.create_ui_order_data([(product, 1)], pos_order_ui_args={"state": "paid"})
        with self.assertRaisesRegex(UserError, "Running screen"):
            self.env["pos.order"].sync_from_ui([data])

    def test_stop_at_the_next_booking_bills_up_to_it(self):
        session, _payload = self._start(local(11, 20))
        with freeze_time(local(12, 30)):
            payload = self.Session.pos_refresh(self.config.id, [])
            self.assertFalse(payload["due"][session.id]["until"], "It no longer grows.")
            self.Session.pos_stop(self.config.id, session.id)
        booking = session.booking_id
        self.assertEqual(booking.end_at, local(12))
        self.assertEqual(session.amount, 100.0, "11:20-12:00 in two started slots.")
