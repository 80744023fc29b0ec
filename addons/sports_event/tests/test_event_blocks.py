"""Issue 19, events item 1: an event at a venue blocks its spaces through the engine."""

from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .event_common import EventCase


@tagged("post_install", "-at_install")
class TestEventBlocks(EventCase):
    def test_an_event_blocks_each_of_its_spaces_for_its_dates(self):
        event = self.make_event(spaces=self.court2 | self.half_a)
        blocks = self.live_blocks(event)
        self.assertEqual(blocks.space_id, self.court2 | self.half_a)
        for block in blocks:
            self.assertEqual(
                (block.kind, block.channel, block.state), ("block", "event", "confirmed")
            )
            self.assertEqual((block.start_at, block.end_at), (event.date_begin, event.date_end))
            self.assertFalse(block.amount_total)
        # The engine now refuses a public booking there, and on the full court above half A.
        for space in (self.court2, self.full):
            with self.assertRaisesRegex(ValidationError, "already booked"):
                self.book(space, 3, 10)
        # The other half stays free.
        self.assertEqual(self.book(self.half_b, 3, 10).state, "confirmed")

    def test_a_clash_with_a_booking_is_refused_in_words_and_nothing_is_written(self):
        booking = self.book(self.full, 3, 12)
        with self.assertRaises(UserError) as caught:
            self.make_event(name="Clashing Cup", spaces=self.half_a)
        message = str(caught.exception)
        self.assertIn("Clashing Cup cannot take its spaces", message)
        self.assertIn(booking.name, message, "staff learn which booking is in the way")
        self.assertIn("09:00", message, "in the venue's time")
        self.assertFalse(self.Event.search([("name", "=", "Clashing Cup")]))
        self.assertFalse(
            self.Booking.search([("channel", "=", "event"), ("space_id", "=", self.half_a.id)])
        )

    def test_two_events_cannot_share_a_court(self):
        self.make_event(name="First Cup")
        with self.assertRaisesRegex(UserError, "Second Cup cannot take its spaces"):
            self.make_event(name="Second Cup", hour=12, hours=2)

    def test_moving_the_event_moves_its_blocks_and_frees_the_old_time(self):
        event = self.make_event(hours=3)
        block = self.live_blocks(event)
        event.write(
            {
                "date_begin": event.date_begin + timedelta(days=1),
                "date_end": event.date_end + timedelta(days=1),
            }
        )
        self.assertEqual(self.live_blocks(event), block, "the same block, moved")
        self.assertEqual((block.start_at, block.end_at), (event.date_begin, event.date_end))
        self.assertEqual(self.book(self.court2, 3, 10).state, "confirmed")
        with self.assertRaisesRegex(ValidationError, "already booked"):
            self.book(self.court2, 4, 10)

    def test_moving_onto_a_booking_is_refused_and_the_event_keeps_its_dates(self):
        event = self.make_event(hours=3)
        begin, end = event.date_begin, event.date_end
        booking = self.book(self.court2, 4, 10)
        with self.assertRaises(UserError) as caught:
            event.write(
                {"date_begin": begin + timedelta(days=1), "date_end": end + timedelta(days=1)}
            )
        self.assertIn(booking.name, str(caught.exception))
        self.assertEqual((event.date_begin, event.date_end), (begin, end))
        self.assertEqual(self.live_blocks(event).start_at, begin)

    def test_changing_the_spaces_cancels_and_adds_blocks(self):
        event = self.make_event(hours=3)
        old = self.live_blocks(event)
        event.sports_space_ids = [Command.set(self.half_b.ids)]
        self.assertEqual(old.state, "cancelled")
        self.assertEqual(self.live_blocks(event).space_id, self.half_b)
        self.assertEqual(self.book(self.court2, 3, 10).state, "confirmed")

    def test_cancelling_or_archiving_the_event_frees_its_spaces(self):
        cancelled = self.make_event(hours=3)
        archived = self.make_event(name="Archived Cup", hours=3, spaces=self.half_b)
        cancelled.kanban_state = "cancel"
        archived.action_archive()
        self.assertFalse(self.live_blocks(cancelled))
        self.assertFalse(self.live_blocks(archived.with_context(active_test=False)))
        self.assertEqual(self.book(self.court2, 3, 10).state, "confirmed")
        self.assertEqual(self.book(self.half_b, 3, 10).state, "confirmed")
        # Back from the cancelled state: the court is taken now, so it is refused in words.
        with self.assertRaisesRegex(UserError, "cannot take its spaces"):
            cancelled.kanban_state = "normal"

    def test_removing_the_venue_frees_the_spaces(self):
        event = self.make_event(hours=3)
        event.write({"sports_venue_id": False, "sports_space_ids": [Command.clear()]})
        self.assertFalse(self.live_blocks(event))

    def test_the_venue_must_be_of_the_event_company_and_the_spaces_at_the_venue(self):
        other_company = self.env["res.company"].create({"name": "Other Sports Co"})
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self.make_event(company_id=other_company.id)
        other_venue = self.env["sports.venue"].create(
            {"name": "Other Arena", "code": "TOTH", "resource_calendar_id": self.calendar.id}
        )
        with self.assertRaisesRegex(ValidationError, "are not at"):
            self.make_event(sports_venue_id=other_venue.id)
