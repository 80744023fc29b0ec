from datetime import timedelta

from odoo.tests import tagged

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestRecurrence(BookingCase):
    def test_clashing_dates_are_listed_and_the_rest_booked(self):
        first_day = self.venue._local_date(self.local(1, 12))
        # A booking on the third occurrence's date and time blocks it.
        taken = self.book(self.half_a, 15, 18, partner=self.customer2)
        wizard = self.env["sports.booking.recurrence"].create(
            {
                "space_id": self.full.id,
                "partner_id": self.customer.id,
                "weekday": str(first_day.weekday()),
                "first_date": first_day,
                "time_from": 18.0,
                "time_to": 20.0,
                "end_mode": "count",
                "weeks": 4,
            }
        )
        wizard.action_preview()
        self.assertEqual(len(wizard.line_ids), 4)
        clash = wizard.line_ids.filtered(lambda ln: ln.status == "clash")
        self.assertEqual(len(clash), 1)
        self.assertIn(taken.name, clash.reason)
        self.assertEqual(wizard.free_count, 3)
        action = wizard.action_confirm()
        bookings = self.Booking.search(action["domain"])
        self.assertEqual(len(bookings), 3)
        self.assertEqual(len(set(bookings.mapped("recurrence_key"))), 1)
        self.assertEqual(bookings.space_id, self.full)
        self.assertNotIn(clash.start_at, bookings.mapped("start_at"))

    def test_until_date_mode_counts_weeks(self):
        first_day = self.venue._local_date(self.local(1, 12))
        wizard = self.env["sports.booking.recurrence"].create(
            {
                "space_id": self.court2.id,
                "partner_id": self.customer.id,
                "weekday": str(first_day.weekday()),
                "first_date": first_day,
                "time_from": 8.0,
                "time_to": 9.0,
                "end_mode": "until",
                "until_date": first_day + timedelta(days=20),
            }
        )
        wizard.action_preview()
        self.assertEqual(len(wizard.line_ids), 3)
