import uuid
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .test_booking_access import BookingAccessCase


@tagged("post_install", "-at_install")
class TestExitChecksOut(BookingAccessCase):
    """Issue 13, item 1: an exit reader configured as checkout ends the booking; any other
    exit lets the player step out and back in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Point = cls.env["sports.access.point"]
        cls.exit = Point.create(
            {
                "name": "Hall exit",
                "code": "hall-out",
                "area_id": cls.area.id,
                "direction": "out",
                "booking_checkout": True,
            }
        )
        cls.side_door = Point.create(
            {
                "name": "Hall side door",
                "code": "hall-side",
                "area_id": cls.area.id,
                "direction": "out",
            }
        )

    def token(self, booking):
        return (
            self.env["sports.access.entitlement"].search([("booking_id", "=", booking.id)]).qr_token
        )

    def passage(self, booking, point, direction, at):
        return {
            "uuid": str(uuid.uuid4()),
            "point": point,
            "credential": self.token(booking),
            "direction": direction,
            "decision": "granted",
            "device_time": at.isoformat() + "+00:00",
        }

    def lights(self, booking):
        return self.env["sports.space"].light_schedule(
            self.venue.id,
            booking.start_at - timedelta(hours=1),
            booking.end_at + timedelta(hours=1),
        )

    def test_leaving_through_a_checkout_exit_ends_the_booking_and_its_lights(self):
        booking = self.book(self.half_a, 1, 10, hours=2)
        token = self.token(booking)
        start = booking.start_at
        self.verify(token, "hall-in", start)
        gate = self.env["sports.access.gate"]
        # Stepping out through the side door ends nothing.
        gate._verify(
            token, "hall-side", self.venue, direction="out", at=start + timedelta(minutes=5)
        )
        self.assertEqual(booking.state, "checked_in")
        left = start + timedelta(minutes=50)
        answer = gate._verify(token, "hall-out", self.venue, direction="out", at=left)
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual(booking.state, "done")
        self.assertEqual(booking.checked_out_at, left)
        grace = timedelta(minutes=self.venue.light_grace_minutes)
        self.assertEqual(
            [item["off_at"] for item in self.lights(booking)], [(left + grace).isoformat() + "Z"]
        )

    def test_an_exit_before_any_entry_checks_nothing_out(self):
        booking = self.book(self.half_a, 1, 10)
        gate = self.env["sports.access.gate"]
        gate._verify(
            self.token(booking), "hall-out", self.venue, direction="out", at=booking.start_at
        )
        self.assertEqual(booking.state, "confirmed")

    def test_an_offline_entry_and_exit_uploaded_together_check_in_then_out_once(self):
        booking = self.book(self.half_a, 1, 10, hours=2)
        start = booking.start_at
        items = [
            self.passage(booking, "hall-out", "out", start + timedelta(minutes=90)),
            self.passage(booking, "hall-in", "in", start + timedelta(minutes=1)),
        ]
        Upload = self.env["sports.access.upload"]
        with freeze_time(start + timedelta(hours=3)):
            result = Upload._upload_events(items, self.venue)
            self.assertEqual(sorted(result["accepted"]), sorted(i["uuid"] for i in items), result)
            Upload._upload_events(items, self.venue)
        self.assertEqual(booking.state, "done")
        self.assertEqual(booking.checked_in_at, start + timedelta(minutes=1))
        self.assertEqual(booking.checked_out_at, start + timedelta(minutes=90))
