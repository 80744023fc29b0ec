from datetime import timedelta

from psycopg2 import errors

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestOverlap(BookingCase):
    def test_booking_writes_one_occupancy_row_per_unit(self):
        full = self.book(self.full, 1, 10)
        self.assertEqual(full.occupancy_ids.unit_id, self.half_a | self.half_b)
        simple = self.book(self.court2, 1, 10)
        self.assertEqual(simple.occupancy_ids.unit_id, self.court2)

    def test_overlapping_booking_is_rejected(self):
        first = self.book(self.court2, 1, 10, hours=2)
        with self.assertRaisesRegex(ValidationError, first.name):
            self.book(self.court2, 1, 11, partner=self.customer2)
        # Back to back is fine.
        self.book(self.court2, 1, 12, partner=self.customer2)

    def test_full_court_blocks_its_halves(self):
        full = self.book(self.full, 1, 10)
        for half in (self.half_a, self.half_b):
            with self.assertRaisesRegex(ValidationError, full.name):
                self.book(half, 1, 10, partner=self.customer2)

    def test_half_court_blocks_the_full_court_but_not_the_other_half(self):
        half = self.book(self.half_a, 1, 10)
        with self.assertRaisesRegex(ValidationError, half.name):
            self.book(self.full, 1, 10, partner=self.customer2)
        self.book(self.half_b, 1, 10, partner=self.customer2)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_overlap_even_without_the_python_check(self):
        """The exclusion constraint holds when the ORM check is bypassed (a race)."""
        booking = self.book(self.full, 1, 10)
        other = self.book(self.court2, 1, 10, partner=self.customer2)
        with self.assertRaises(errors.ExclusionViolation), self.cr.savepoint():
            self.cr.execute(
                SQL(
                    "UPDATE sports_booking_occupancy SET unit_id = %s WHERE booking_id = %s",
                    self.half_a.id,
                    other.id,
                )
            )
        # A clash found only by the constraint still reaches the user as a ValidationError.
        self.cr.execute(
            SQL("UPDATE sports_booking SET space_id = %s WHERE id = %s", self.half_a.id, other.id)
        )
        other.invalidate_recordset()
        with self.assertRaisesRegex(ValidationError, booking.name):
            other._sync_occupancy()

    def test_cancelled_and_expired_bookings_free_the_space(self):
        booking = self.book(self.full, 1, 10)
        booking.action_cancel()
        self.assertFalse(any(booking.occupancy_ids.mapped("is_blocking")))
        held = self.book(self.half_a, 1, 10, channel="portal")
        held.hold_expires_at = held.create_date - timedelta(minutes=1)
        self.Booking._cron_expire_and_no_show()
        self.assertEqual(held.state, "expired")
        self.book(self.full, 1, 10, partner=self.customer2)

    def test_moving_onto_a_taken_slot_is_rejected_and_nothing_changes(self):
        first = self.book(self.court2, 1, 10)
        second = self.book(self.court2, 1, 12, partner=self.customer2)
        with self.assertRaisesRegex(ValidationError, first.name):
            second.write({"start_at": first.start_at, "end_at": first.end_at})
        self.assertEqual(second.start_at, self.local(1, 12))
        self.assertEqual(second.occupancy_ids.start_at, self.local(1, 12))

    def test_closure_blocks_bookings(self):
        block = self.Booking.create(
            {
                "kind": "block",
                "space_id": self.full.id,
                "start_at": self.local(2, 6),
                "end_at": self.local(2, 22),
                "notes": "Floor repair",
            }
        )
        self.assertEqual(block.amount_total, 0)
        with self.assertRaisesRegex(ValidationError, block.name):
            self.book(self.half_b, 2, 15)

    def test_recombining_a_booked_space_rechecks_its_bookings(self):
        """Making a booked court out of halves moves its occupancy to the halves."""
        from odoo.fields import Command

        booking = self.book(self.court2, 1, 10)
        west = self.env["sports.space"].create({"name": "West", "venue_id": self.venue.id})
        east = self.env["sports.space"].create({"name": "East", "venue_id": self.venue.id})
        self.court2.component_ids = [Command.set((west | east).ids)]
        self.assertEqual(booking.occupancy_ids.unit_id, west | east)
        with self.assertRaisesRegex(ValidationError, booking.name):
            self.book(west, 1, 10, partner=self.customer2)

    def test_recombination_that_would_double_book_is_refused(self):
        from odoo.fields import Command

        self.book(self.court2, 1, 10)
        self.book(self.half_a, 1, 10, partner=self.customer2)
        with self.assertRaises(ValidationError):
            self.court2.component_ids = [Command.set(self.half_a.ids)]
        self.assertFalse(self.court2.component_ids)
