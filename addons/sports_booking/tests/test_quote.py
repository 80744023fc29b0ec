from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestQuote(BookingCase):
    """``sports.booking.quote()``: the price ``book()`` charges, before booking."""

    def test_quote_is_the_price_book_charges(self):
        self.env["sports.price.rule"].create(
            {
                "name": "Evening",
                "venue_id": self.venue.id,
                "price_per_hour": 150.0,
                "hour_from": 18,
                "hour_to": 22,
                "sequence": 10,
            }
        )
        start = self.local(1, 17)
        end = start + timedelta(hours=3)
        quote = self.Booking.with_user(self.desk).quote(
            self.court2.id, start, end, self.customer.id
        )
        self.assertEqual(quote, 100.0 + 150.0 * 2)
        booking = self.Booking.with_user(self.desk).book(
            self.court2.id, start, end, self.customer.id, expected_amount=quote
        )
        self.assertEqual(booking.amount_total, quote)
        # Quoting writes nothing and ignores availability: book() checks it.
        self.assertEqual(self.Booking.quote(self.court2.id, start, end), quote)

    def test_quote_checks_its_arguments(self):
        start = self.local(1, 10)
        with self.assertRaises(ValidationError):
            self.Booking.quote(self.court2.id, start, start)
        with self.assertRaises(ValidationError):
            self.Booking.quote(self.court2.id, start, start + timedelta(days=400))
        with self.assertRaises(ValidationError):
            self.Booking.quote(self.court2.id, "tomorrow", start)
        with self.assertRaises(ValidationError):
            self.Booking.quote(-1, start, start + timedelta(hours=1))

    def test_quote_needs_read_access(self):
        nobody = new_test_user(self.env, login="quote_nobody", groups="base.group_user")
        start = self.local(1, 10)
        with self.assertRaises(AccessError):
            self.Booking.with_user(nobody).quote(self.court2.id, start, start + timedelta(hours=1))
