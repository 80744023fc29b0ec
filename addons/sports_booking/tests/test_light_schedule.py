from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestLightSchedule(BookingCase):
    def schedule(self):
        return self.env["sports.space"].light_schedule(
            self.venue.id, self.local(1, 0), self.local(2, 0)
        )

    def iso(self, dt):
        return dt.isoformat() + "Z"

    def test_booking_switches_the_light_with_lead_and_grace(self):
        booking = self.book(self.full, 1, 10, hours=2)
        self.assertEqual(
            self.schedule(),
            [
                {
                    "device": "light-full",
                    "device_id": self.light.id,
                    "space_id": self.full.id,
                    "on_at": self.iso(booking.start_at - timedelta(minutes=5)),
                    "off_at": self.iso(booking.end_at + timedelta(minutes=5)),
                }
            ],
        )

    def test_half_court_booking_lights_the_full_court_circuit(self):
        self.book(self.half_b, 1, 15)
        self.assertEqual(len(self.schedule()), 1)

    def test_back_to_back_bookings_merge(self):
        first = self.book(self.half_a, 1, 10)
        second = self.book(self.full, 1, 11, partner=self.customer2)
        self.book(self.half_b, 1, 14)
        schedule = self.schedule()
        self.assertEqual(len(schedule), 2)
        self.assertEqual(schedule[0]["on_at"], self.iso(first.start_at - timedelta(minutes=5)))
        self.assertEqual(schedule[0]["off_at"], self.iso(second.end_at + timedelta(minutes=5)))

    def test_cancel_removes_the_interval(self):
        booking = self.book(self.full, 1, 10)
        booking.action_cancel()
        self.assertEqual(self.schedule(), [])

    def test_held_bookings_do_not_light(self):
        self.book(self.full, 1, 10, channel="portal")
        self.assertEqual(self.schedule(), [])

    def test_extension_moves_the_switch_off(self):
        booking = self.book(self.full, 1, 10)
        booking.end_at = booking.end_at + timedelta(hours=1)
        self.assertEqual(booking.amount_total, 200.0)
        self.assertEqual(
            self.schedule()[0]["off_at"], self.iso(self.local(1, 12) + timedelta(minutes=5))
        )

    def test_early_checkout_switches_off_at_checkout_plus_grace(self):
        booking = self.book(self.full, 1, 10, hours=2)
        checkout = booking.start_at + timedelta(minutes=50)
        with freeze_time(checkout):
            booking.action_check_in()
            booking.action_checkout()
        self.assertEqual(booking.state, "done")
        self.assertEqual(self.schedule()[0]["off_at"], self.iso(checkout + timedelta(minutes=5)))
        # The rest of the slot is free again.
        self.book(self.half_a, 1, 11, partner=self.customer2)

    def test_venue_code_and_range_are_validated(self):
        from odoo.exceptions import UserError

        with self.assertRaisesRegex(UserError, "Unknown venue"):
            self.env["sports.space"].light_schedule("NOPE", self.local(1, 0), self.local(2, 0))
        with self.assertRaisesRegex(UserError, "end is after"):
            self.env["sports.space"].light_schedule("TBK", self.local(2, 0), self.local(1, 0))
