from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from ..models.sports_space import FREE, TAKEN, UNAVAILABLE
from .common import BookingCase


class TestReleaseHour(BookingCase):
    """A daily release time: the day D opens online at D minus the booking window, at
    that local time; 00:00 keeps the rolling window."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue.booking_release_hour = 8.0
        # Every moment below is on a day well after today, so that nothing is in the past.
        cls.base = cls.venue._local_date(datetime.utcnow()) + timedelta(days=2)
        cls.target = cls.base + timedelta(days=14)

    def at(self, day, hour, minute=0, second=0):
        """UTC naive datetime of a local time on ``day``."""
        local = datetime.combine(day, datetime.min.time())
        return self.venue._to_utc(local + timedelta(hours=hour, minutes=minute, seconds=second))

    def book_online(self, day, hour, space=None):
        start = self.at(day, hour)
        return self.Booking.book(
            (space or self.court2).id,
            start,
            start + timedelta(hours=1),
            self.customer.id,
            channel="portal",
        )

    def test_day_is_refused_just_before_the_release_time(self):
        with freeze_time(self.at(self.base, 7, 59, 59)):
            with self.assertRaisesRegex(ValidationError, r"Bookings for .* open on .*08:00"):
                self.book_online(self.target, 10)
            # The day before is open since yesterday's release, until its last slot.
            self.book_online(self.target - timedelta(days=1), 21)
            # Staff book any time.
            start = self.at(self.target, 10)
            self.Booking.book(self.half_a.id, start, start + timedelta(hours=1), self.customer.id)
        self.assertFalse(
            self.Booking.search([("space_id", "=", self.court2.id), ("start_at", "=", start)])
        )

    def test_whole_day_opens_at_the_release_time(self):
        with freeze_time(self.at(self.base, 8)):
            early = self.book_online(self.target, 6)
            late = self.book_online(self.target, 21, space=self.half_a)
            # The next day waits for tomorrow's release.
            with self.assertRaisesRegex(ValidationError, "open on"):
                self.book_online(self.target + timedelta(days=1), 6)
        self.assertEqual((early | late).mapped("state"), ["held", "held"])

    def test_grid_shows_the_day_unavailable_until_the_release(self):
        spaces = self.court2
        with freeze_time(self.at(self.base, 7, 59)):
            before = spaces._booking_slots(self.target, self.customer)["slots"][self.court2.id]
        with freeze_time(self.at(self.base, 8)):
            after = spaces._booking_slots(self.target, self.customer)["slots"][self.court2.id]
        self.assertEqual({slot["state"] for slot in before}, {UNAVAILABLE})
        self.assertEqual({slot["state"] for slot in after}, {FREE})
        self.assertEqual(len(after), 16)

    def test_unreleased_day_is_neither_checked_against_bookings_nor_priced(self):
        # Staff booked a slot of the day before its release; members see it at the release.
        start = self.at(self.target, 10)
        self.Booking.book(self.court2.id, start, start + timedelta(hours=1), self.customer.id)
        self.env.flush_all()
        spaces = self.court2 | self.half_a
        queries = {}
        for label, moment in (
            ("before", self.at(self.base, 7, 59)),
            ("after", self.at(self.base, 8)),
        ):
            self.env.invalidate_all()
            with freeze_time(moment):
                count = self.env.cr.sql_log_count
                queries[label] = spaces._booking_slots(self.target, self.customer)["slots"]
                queries[f"{label} count"] = self.env.cr.sql_log_count - count
        before = queries["before"][self.court2.id]
        self.assertEqual({(slot["state"], slot["amount"]) for slot in before}, {(UNAVAILABLE, 0.0)})
        after = {slot["start"]: slot for slot in queries["after"][self.court2.id]}
        self.assertEqual(after[start]["state"], TAKEN)
        free = [slot for slot in after.values() if slot["state"] == FREE]
        self.assertTrue(free and all(slot["amount"] > 0 for slot in free))
        # The page every member loads before a rush skips the bookings and the price rules.
        self.assertLess(queries["before count"], queries["after count"])

    def test_release_time_with_minutes(self):
        self.venue.booking_release_hour = 12.5
        self.assertEqual(self.venue._booking_release_at(self.target), self.at(self.base, 12, 30))
        with freeze_time(self.at(self.base, 12, 29, 59)):
            with self.assertRaisesRegex(ValidationError, "12:30"):
                self.book_online(self.target, 10)
        with freeze_time(self.at(self.base, 12, 30)):
            self.book_online(self.target, 10)

    def test_zero_keeps_the_rolling_window(self):
        self.venue.booking_release_hour = 0.0
        self.assertFalse(self.venue._booking_release_at(self.target))
        with freeze_time(self.at(self.base, 10)):
            # 14 days ahead to the minute: 09:00 is inside, 11:00 not yet.
            self.book_online(self.target, 9)
            self.book_online(self.target, 10, space=self.half_a)
            with self.assertRaisesRegex(ValidationError, "14 days ahead"):
                self.book_online(self.target, 11)
            slots = self.court2._booking_slots(self.target, self.customer)["slots"]
        states = {slot["start"]: slot["state"] for slot in slots[self.court2.id]}
        self.assertEqual(states[self.at(self.target, 8)], FREE)
        self.assertEqual(states[self.at(self.target, 11)], UNAVAILABLE)

    def test_release_time_must_be_a_time_of_day(self):
        for value in (-0.5, 24.0, 30.0):
            with self.subTest(value=value), mute_logger("odoo.sql_db"):
                with self.assertRaises(IntegrityError), self.env.cr.savepoint():
                    self.venue.booking_release_hour = value
                    self.venue.flush_recordset()
        self.venue.booking_release_hour = 23.99
        self.venue.flush_recordset()
        release = self.venue._booking_release_at(self.target)
        self.assertEqual(release, self.at(self.base, 23, 59))
