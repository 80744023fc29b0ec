from datetime import timedelta

from odoo.exceptions import UserError, ValidationError

from .common import BookingCase


class TestBookLean(BookingCase):
    """What issue 20 cut from book()'s hot path, and what it kept: no chatter on create but
    tracked changes after it, a reference from the id, and rules, prices and opening
    hours read from per-worker caches that follow every change at once."""

    def messages(self, booking):
        return self.env["mail.message"].search(
            [("model", "=", "sports.booking"), ("res_id", "=", booking.id)]
        )

    def test_book_posts_no_creation_message_and_adds_no_follower(self):
        booking = self.book(self.court2, 1, 10)
        self.assertFalse(self.messages(booking))
        self.assertFalse(booking.message_follower_ids)
        # The context of the caller is back on the returned record.
        self.assertFalse(booking.env.context.get("tracking_disable"))

    def test_cancellation_and_moves_are_still_tracked(self):
        booking = self.book(self.court2, 3, 10)
        # The end of book()'s transaction: mail.thread tracks no record in the
        # transaction that creates it, with or without book()'s context.
        self.env.flush_all()
        self.env.cr.precommit.run()
        booking.write({"start_at": self.local(3, 12), "end_at": self.local(3, 13)})
        booking.action_cancel()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before the commit
        tracked = self.messages(booking).tracking_value_ids
        fields_ = set(tracked.field_id.mapped("name"))
        self.assertIn("state", fields_)
        self.assertIn("start_at", fields_)
        state = tracked.filtered(lambda v: v.field_id.name == "state")
        self.assertEqual(state.new_value_char, "Cancelled")

    def test_reference_comes_from_the_id(self):
        booking = self.book(self.court2, 1, 10)
        self.assertEqual(booking.name, f"BK-{booking.id:06d}")
        self.assertIn(booking.name, booking.display_name)
        # A create by the desk (a form, an import) is numbered the same way; a given
        # reference is kept.
        desk_booking = self.Booking.with_user(self.desk).create(
            {"space_id": self.court2.id, "start_at": self.local(1, 12), "end_at": self.local(1, 13)}
        )
        self.assertEqual(desk_booking.name, f"BK-{desk_booking.id:06d}")
        named = self.Booking.create(
            {
                "name": "IMPORT-7",
                "space_id": self.court2.id,
                "start_at": self.local(1, 14),
                "end_at": self.local(1, 15),
            }
        )
        self.assertEqual(named.name, "IMPORT-7")
        # The clash message names the booking in the way by its reference.
        with self.assertRaisesRegex(ValidationError, booking.name):
            self.Booking.with_user(self.desk).book(
                self.court2.id, self.local(1, 10), self.local(1, 11), self.customer.id
            )

    def test_price_rule_changes_apply_at_once(self):
        self.assertEqual(self.book(self.court2, 1, 8).amount_total, 100.0)
        self.rule.price_per_hour = 120.0
        self.assertEqual(self.book(self.court2, 1, 9).amount_total, 120.0)
        peak = self.env["sports.price.rule"].create(
            {
                "name": "Peak",
                "venue_id": self.venue.id,
                "space_ids": [(6, 0, self.court2.ids)],
                "hour_from": 18.0,
                "hour_to": 22.0,
                "price_per_hour": 200.0,
                "sequence": 1,
            }
        )
        self.assertEqual(self.book(self.court2, 1, 18).amount_total, 200.0)
        self.assertEqual(self.book(self.half_a, 2, 18).amount_total, 120.0)
        peak.space_ids = self.half_a
        self.assertEqual(self.book(self.court2, 2, 19).amount_total, 120.0)
        self.assertEqual(self.book(self.half_a, 3, 19).amount_total, 200.0)
        (self.rule | peak).active = False
        with self.assertRaisesRegex(UserError, "no price"):
            self.book(self.court2, 4, 10)

    def test_new_holiday_prices_at_once(self):
        self.env["sports.price.rule"].create(
            {
                "name": "Holiday",
                "venue_id": self.venue.id,
                "day_kind": "holiday",
                "price_per_hour": 300.0,
                "sequence": 1,
            }
        )
        self.assertEqual(self.book(self.court2, 5, 10).amount_total, 100.0)
        holiday = self.env["sports.holiday"].create(
            {"name": "Test holiday", "date": self.venue._local_date(self.local(5, 12))}
        )
        self.assertEqual(self.book(self.court2, 5, 11).amount_total, 300.0)
        holiday.date = holiday.date + timedelta(days=1)
        self.assertEqual(self.book(self.court2, 5, 12).amount_total, 100.0)
        self.assertEqual(self.book(self.court2, 6, 12).amount_total, 300.0)

    def test_opening_hours_change_applies_at_once(self):
        self.book(self.half_a, 2, 20)  # the day's open hours are now in the cache
        self.calendar.attendance_ids.write({"hour_to": 20.0})
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 2, 20)
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 2, 19, hours=2)
        self.book(self.court2, 2, 19)

    def test_space_is_read_once_under_the_callers_rules(self):
        """book() reads the space from one query under the caller's record rules: a missing
        space, an archived one and one of a company the caller is not working in are
        each refused with their own message, and nothing is written."""
        start = self.local(1, 10)
        end = start + timedelta(hours=1)
        Booking = self.Booking.with_user(self.desk)
        count = self.Booking.search_count([])
        with self.assertRaisesRegex(ValidationError, "does not exist"):
            Booking.book(2**31 - 1, start, end)
        self.court2.active = False
        with self.assertRaisesRegex(ValidationError, "Court 2 cannot be booked"):
            Booking.book(self.court2.id, start, end)
        other = self.env["res.company"].create({"name": "Second operator"})
        other_venue = self.env["sports.venue"].create(
            {"name": "Second", "code": "SND", "company_id": other.id}
        )
        other_court = self.env["sports.space"].create({"name": "S1", "venue_id": other_venue.id})
        self.env["sports.price.rule"].create(
            {"name": "Second price", "venue_id": other_venue.id, "price_per_hour": 80.0}
        )
        # The desk may work in both companies but works in its own now: the record rule
        # hides the other company's space, which is refused as another company's.
        self.desk.company_ids = [(4, other.id)]
        working_here = Booking.with_context(allowed_company_ids=self.env.company.ids)
        with self.assertRaisesRegex(UserError, "another company"):
            working_here.book(other_court.id, start, end)
        self.assertEqual(self.Booking.search_count([]), count)
        # Working in the other company too, the desk books there (the space of the
        # returned booking is the one asked for, read with the caller's rights).
        both = Booking.with_context(allowed_company_ids=[self.env.company.id, other.id])
        booking = both.book(other_court.id, start, end)
        self.assertEqual(booking.space_id, other_court)
        self.assertEqual(booking.company_id, other)
        self.assertEqual(booking.venue_id, other_venue)
        self.assertEqual(booking.amount_total, 80.0)
        self.assertEqual(booking.env.uid, self.desk.id)
