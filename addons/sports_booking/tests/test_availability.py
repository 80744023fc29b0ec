from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestAvailability(BookingCase):
    """Closures of the venue calendar, and the availability the grids and the POS read."""

    def day(self, days):
        return self.venue._local_date(self.local(days, 12))

    def close_day(self, days):
        start, end = self.venue._day_bounds(self.day(days))
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Closed for a tournament",
                "calendar_id": self.calendar.id,
                "date_from": start,
                "date_to": end,
            }
        )

    def test_closure_day_is_refused_and_shown_closed(self):
        self.close_day(3)
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 3, 10)
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 3, 10, channel="portal")
        grid = self.env["sports.booking.grid"].get_grid(self.venue.id, str(self.day(3)))
        self.assertFalse(grid["open"])
        self.assertFalse([slot for slot in grid["slots"] if slot["open"]])
        availability = self.court2._booking_slots(self.day(3), self.customer)
        self.assertEqual(availability, {"open": [], "slots": {self.court2.id: []}})
        # The days around it stay open.
        self.assertTrue(self.book(self.court2, 2, 10))
        self.assertTrue(self.book(self.court2, 4, 10))

    def test_partial_closure_refuses_only_its_hours(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Floor cleaning",
                "calendar_id": self.calendar.id,
                "date_from": self.local(3, 12),
                "date_to": self.local(3, 14),
            }
        )
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 3, 13)
        self.book(self.court2, 3, 14)
        slots = self.court2._booking_slots(self.day(3), self.customer)["slots"][self.court2.id]
        states = {slot["start"]: slot["state"] for slot in slots}
        self.assertEqual(states[self.local(3, 12)], "closed")
        self.assertEqual(states[self.local(3, 14)], "taken")
        self.assertEqual(states[self.local(3, 15)], "free")

    def test_availability_shows_own_and_blocking_bookings(self):
        booking = self.book(self.full, 2, 10)
        start, end = self.venue._day_bounds(self.day(2))
        spaces = self.full | self.half_a | self.court2
        availability = spaces._booking_availability(start, end)
        self.assertEqual(availability[self.court2.id], [])
        (own,) = availability[self.full.id]
        (blocking,) = availability[self.half_a.id]
        self.assertTrue(own["own"])
        self.assertFalse(blocking["own"])
        for item in (own, blocking):
            self.assertEqual(item["booking_id"], booking.id)
            self.assertEqual(item["space_id"], self.full.id)
            self.assertEqual(
                (item["busy_from"], item["busy_to"]), (booking.start_at, booking.end_at)
            )
        # A cancelled booking frees its units.
        booking.action_cancel()
        self.assertEqual(spaces._booking_availability(start, end)[self.half_a.id], [])

    def test_slots_carry_state_and_price(self):
        self.book(self.full, 2, 10)
        availability = (self.half_a | self.court2)._booking_slots(self.day(2), self.customer)
        self.assertEqual(availability["open"], [(self.local(2, 6), self.local(2, 22))])
        half = {slot["start"]: slot for slot in availability["slots"][self.half_a.id]}
        self.assertEqual(len(half), 16)
        self.assertEqual(half[self.local(2, 10)]["state"], "taken")
        self.assertEqual(half[self.local(2, 11)]["state"], "free")
        self.assertEqual(half[self.local(2, 11)]["amount"], 100.0)
        # Beyond the online booking window (14 days) only the desk may book.
        far = self.day(15)
        online = self.court2._booking_slots(far, self.customer)["slots"][self.court2.id]
        desk = self.court2._booking_slots(far, self.customer, "backend")["slots"][self.court2.id]
        self.assertEqual({slot["state"] for slot in online}, {"unavailable"})
        self.assertEqual({slot["state"] for slot in desk}, {"free"})
