from datetime import timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingApiOverJson2(BookingCase, HttpCase):
    """Issue 12, bad input: the booking service over real HTTP JSON-2 answers malformed
    arguments with a 422 and a message, never a 500, and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # sudo: an API key is generated for the user as they would in their preferences.
        cls.api_key = (
            cls.env["res.users.apikeys"].with_user(cls.desk).sudo()._generate(None, "pos", None)
        )

    def call(self, model, method, **params):
        return post_json2(self, model, method, self.api_key, **params)

    def book_args(self, **overrides):
        start = self.local(1, 10)
        args = {
            "space_id": self.court2.id,
            "start_at": start.isoformat(sep=" "),
            "end_at": (start + timedelta(hours=1)).isoformat(sep=" "),
            "partner_id": self.customer.id,
        }
        args.update(overrides)
        return args

    def test_malformed_bookings_get_422_with_a_message(self):
        count = self.Booking.search_count([])
        for overrides in [
            {"space_id": "abc"},
            {"space_id": [self.court2.id]},
            {"space_id": 2**40},
            {"start_at": "9999-12-31 23:00:00"},
            {"start_at": "garbage"},
            {"start_at": 12},
            {"partner_id": "abc"},
            {"partner_id": 2**40},
            {"channel": "bogus"},
            {"channel": 5},
            {"expected_amount": 1e308},
            {"expected_amount": "NaN"},
            {"expected_amount": "Infinity"},
        ]:
            with self.subTest(**{k: repr(v) for k, v in overrides.items()}):
                status, body = self.call("sports.booking", "book", **self.book_args(**overrides))
                self.assertEqual(status, 422, body)
                self.assertTrue(body.get("message"), body)
        for vals in [
            {"space_id": "abc", "start_at": "garbage"},
            {"space_id": self.court2.id, "start_at": "9999-12-31 10:00:00", "end_at": 1},
        ]:
            status, body = self.call("sports.booking", "create", vals_list=[vals])
            self.assertEqual(status, 422, body)
        status, body = self.call(
            "sports.booking.grid", "get_grid", venue_id=self.venue.id, date_str="9999-12-31"
        )
        self.assertEqual(status, 422, body)
        status, body = self.call(
            "sports.space",
            "light_schedule",
            venue=self.venue.id,
            date_from="9999-12-31T00:00:00",
            date_to="9999-12-31T23:00:00",
        )
        self.assertEqual(status, 422, body)
        self.assertEqual(self.Booking.search_count([]), count)

    def test_an_iso_time_with_an_offset_simply_works(self):
        local = self.venue._localize(self.local(1, 10)).replace(tzinfo=None)
        status, ids = self.call(
            "sports.booking",
            "book",
            **self.book_args(
                start_at=local.isoformat() + "+08:00",
                end_at=(local + timedelta(hours=1)).isoformat() + "+08:00",
            ),
        )
        self.assertEqual(status, 200, ids)
        booking = self.Booking.browse(ids)
        self.assertEqual((booking.start_at, booking.end_at), (self.local(1, 10), self.local(1, 11)))

    def test_staff_cannot_set_a_state_over_json2(self):
        booking = self.book(self.court2, 1, 10)
        booking.action_cancel()
        status, body = self.call(
            "sports.booking", "write", ids=booking.ids, vals={"state": "confirmed"}
        )
        self.assertEqual(status, 422, body)
        booking.invalidate_recordset()
        self.assertEqual(booking.state, "cancelled")
