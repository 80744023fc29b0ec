"""Issue 19, numbers for regulation: events and free events per venue and local day."""

from datetime import date, timedelta

from odoo.tests import tagged

from odoo.addons.sports_event.tests.event_common import EventCase


@tagged("post_install", "-at_install")
class TestEventStat(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stat = cls.env["sports.venue.stat"]
        cls.Stat = Stat
        cls.day = cls.venue._local_date(cls.local(3, 9))
        # A free cup over two local days, ending at midnight (not on the third day)...
        cls.cup = cls.make_event(
            name="Two-day Cup", days=3, hour=9, hours=15 + 24, spaces=cls.court2
        )
        # ...a paid clinic on the first day, from 23:00 local (15:00 UTC: the same UTC
        # day as the cup's start, but the local day decides)...
        cls.clinic = cls.make_event(name="Paid Clinic", days=3, hour=23, hours=1, spaces=cls.half_a)
        cls.env["event.event.ticket"].create(
            {"name": "Seat", "event_id": cls.clinic.id, "price": 80.0}
        )
        # ...a cancelled one and an archived one, which do not count.
        cancelled = cls.make_event(name="Cancelled", days=3, hour=7, hours=1, spaces=cls.half_b)
        cancelled.kanban_state = "cancel"
        archived = cls.make_event(name="Archived", days=3, hour=18, hours=1, spaces=cls.half_b)
        archived.action_archive()

    def test_events_and_free_events_per_local_day(self):
        counts = self.Stat._sports_stat_event_counts(
            self.venue, self.day - timedelta(days=1), self.day + timedelta(days=3)
        )
        day1, day2 = self.day, self.day + timedelta(days=1)
        self.assertTrue(self.cup.sports_is_free)
        self.assertFalse(self.clinic.sports_is_free)
        self.assertEqual(counts[(self.venue.id, day1)], {"event_count": 2, "free_event_count": 1})
        self.assertEqual(counts[(self.venue.id, day2)], {"event_count": 1, "free_event_count": 1})
        self.assertNotIn((self.venue.id, self.day + timedelta(days=2)), counts, "ends at midnight")
        self.assertNotIn((self.venue.id, self.day - timedelta(days=1)), counts)
        # Only the asked days come back.
        counts = self.Stat._sports_stat_event_counts(self.venue, day2, day2)
        self.assertEqual(set(counts), {(self.venue.id, day2)})

    def test_the_daily_statistics_carry_the_counts(self):
        self.Stat._compute_days(self.day, self.day + timedelta(days=1), self.venue)
        rows = self.Stat.search(
            [
                ("venue_id", "=", self.venue.id),
                ("date", "in", [self.day, self.day + timedelta(days=1)]),
            ],
            order="date",
        )
        self.assertEqual(rows.mapped("event_count"), [2, 1])
        self.assertEqual(rows.mapped("free_event_count"), [1, 1])
        self.assertIsInstance(rows[0].date, date)
