import threading
import uuid
from datetime import datetime, timedelta

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, mute_logger

from odoo.addons.sports_booking.models.sports_booking_occupancy import SportsBookingOccupancy

from .common import open_every_day


@tagged("post_install", "-at_install")
class TestConcurrentBooking(BaseCase):
    """Real threads, each with its own connection and transaction, race for one slot.

    The fixture and every attempt commit on their own cursors (never the test cursor):
    a race is only real between committed transactions. The class cleans up after itself.
    """

    THREADS = 8

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.code = "C" + uuid.uuid4().hex[:8].upper()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            calendar = open_every_day(env, "Always open", 0, 24)
            venue = env["sports.venue"].create(
                {
                    "name": "Race Arena",
                    "code": cls.code,
                    "resource_calendar_id": calendar.id,
                }
            )
            halves = env["sports.space"].create(
                [
                    {"name": "Race Half A", "venue_id": venue.id},
                    {"name": "Race Half B", "venue_id": venue.id},
                ]
            )
            full = env["sports.space"].create(
                {
                    "name": "Race Full",
                    "venue_id": venue.id,
                    "component_ids": [Command.set(halves.ids)],
                }
            )
            env["sports.price.rule"].create(
                {"name": "Race", "venue_id": venue.id, "price_per_hour": 50}
            )
            cls.partner_id = env["res.partner"].create({"name": "Racer"}).id
            cls.venue_id, cls.calendar_id = venue.id, calendar.id
            cls.full_id, cls.half_a_id, cls.half_b_id = full.id, *halves.ids
            start = datetime.utcnow().replace(minute=0, second=0, microsecond=0)
            cls.start = start + timedelta(days=2)
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            venue = env["sports.venue"].browse(cls.venue_id)
            bookings = env["sports.booking"].search([("venue_id", "=", venue.id)])
            bookings.action_cancel()
            bookings.unlink()
            env["sports.price.rule"].search([("venue_id", "=", venue.id)]).unlink()
            venue.space_ids.write({"component_ids": [Command.clear()]})
            venue.space_ids.unlink()
            venue.unlink()
            env["resource.calendar"].browse(cls.calendar_id).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _race(self, space_ids, align_inserts=False):
        barrier = threading.Barrier(len(space_ids))
        if align_inserts:
            # All threads pass the rules and the friendly check before any of them writes
            # its occupancy: then every one reaches the INSERT at the same moment.
            self._align_occupancy_inserts(threading.Barrier(len(space_ids)))
        self._reasons = []
        outcomes = []
        lock = threading.Lock()

        def attempt(space_id):
            with self.registry.cursor() as cr:
                # The test runner holds Registry._lock while post-install tests run, and
                # Environment() would look the registry up under that lock: hand it over.
                cr.transaction = Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)
                try:
                    env["sports.booking"].book(
                        space_id, self.start, self.start + timedelta(hours=1), self.partner_id
                    )
                    cr.commit()  # pylint: disable=invalid-commit
                    result = "won"
                except ValidationError as exc:
                    cr.rollback()
                    result = "lost"
                    self._reasons.append(str(exc))
                except errors.DeadlockDetected:
                    # Odoo would replay the request; here it counts against the fix.
                    cr.rollback()
                    result = "deadlock"
            with lock:
                outcomes.append(result)

        def guarded(space_id):
            try:
                attempt(space_id)
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                with lock:
                    outcomes.append(f"error: {exc!r}")

        threads = [threading.Thread(target=guarded, args=(sid,)) for sid in space_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return outcomes

    def _align_occupancy_inserts(self, barrier):
        original = SportsBookingOccupancy._sync_bookings

        def aligned(occupancy, bookings, **kwargs):
            barrier.wait(timeout=30)
            return original(occupancy, bookings, **kwargs)

        # Not a mock: the real method runs, every thread only waits at its door until all
        # of them are there, so that their inserts meet in the database at the same moment.
        SportsBookingOccupancy._sync_bookings = aligned
        self.addCleanup(setattr, SportsBookingOccupancy, "_sync_bookings", original)

    def _double_bookings(self):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                SELECT count(*) FROM sports_booking_occupancy a
                  JOIN sports_booking_occupancy b
                    ON a.unit_id = b.unit_id AND a.id < b.id
                   AND a.start_at < b.end_at AND b.start_at < a.end_at
                 WHERE a.is_blocking AND b.is_blocking AND a.company_id = b.company_id
                   AND a.booking_id IN (SELECT id FROM sports_booking WHERE venue_id = %s)
                """,
                    self.venue_id,
                )
            )
            return cr.fetchone()[0]

    @mute_logger("odoo.sql_db")
    def test_exactly_one_of_n_concurrent_bookings_wins(self):
        outcomes = self._race([self.half_a_id] * self.THREADS)
        self.assertEqual(len(outcomes), self.THREADS)
        self.assertEqual(outcomes.count("won"), 1, outcomes)
        self.assertEqual(self._double_bookings(), 0)

    @mute_logger("odoo.sql_db")
    def test_full_and_half_court_race_has_one_winner(self):
        self.start += timedelta(hours=3)
        spaces = [self.full_id, self.half_a_id, self.half_b_id, self.full_id] * 2
        outcomes = self._race(spaces)
        won = outcomes.count("won")
        # Either the full court wins alone, or each half wins once.
        self.assertIn(won, (1, 2), (outcomes, self._reasons))
        self.assertEqual(self._double_bookings(), 0)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            booked = env["sports.booking"].search(
                [
                    ("venue_id", "=", self.venue_id),
                    ("start_at", "=", self.start),
                    ("state", "=", "confirmed"),
                ]
            )
            self.assertEqual(len(booked), won)
            if won == 2:
                self.assertEqual(set(booked.space_id.ids), {self.half_a_id, self.half_b_id})
            else:
                self.assertEqual(len(booked.space_id), 1)

    @mute_logger("odoo.sql_db")
    def test_full_and_half_court_races_never_deadlock(self):
        """Issue 12, item 13: full-court and half-court bookings of one slot take their
        units in one order, so the losers get a clash, never a deadlock."""
        deadlocks, errors_ = 0, []
        first = self.start + timedelta(days=1)
        for round_ in range(12):
            self.start = first + timedelta(hours=round_)
            spaces = [self.full_id, self.half_b_id, self.full_id, self.half_a_id] * 4
            if round_ % 2:
                spaces.reverse()
            outcomes = self._race(spaces, align_inserts=True)
            deadlocks += outcomes.count("deadlock")
            errors_ += [o for o in outcomes if o.startswith("error")]
            self.assertIn(outcomes.count("won"), (1, 2), outcomes)
        self.assertEqual(errors_, [])
        self.assertEqual(deadlocks, 0, f"{deadlocks} deadlocks in 12 rounds")
        self.assertEqual(self._double_bookings(), 0)

    def test_concurrent_bookings_get_unique_references_at_once(self):
        """Issue 20: the reference comes from the id in the creating transaction (no
        sequence draw on the hot path); concurrent book() calls on free slots all win
        and each reads a distinct, final reference before its commit."""
        first = self.start + timedelta(days=3)
        barrier = threading.Barrier(self.THREADS)
        seen, problems = [], []
        lock = threading.Lock()

        def attempt(index):
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    start = first + timedelta(hours=index)
                    barrier.wait(timeout=30)
                    booking = env["sports.booking"].book(
                        self.half_a_id, start, start + timedelta(hours=1), self.partner_id
                    )
                    name = booking.name  # read before the commit
                    cr.commit()  # pylint: disable=invalid-commit
                with lock:
                    seen.append((booking.id, name))
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                with lock:
                    problems.append(repr(exc))

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(problems, [])
        self.assertEqual(len(seen), self.THREADS)
        self.assertEqual(len({name for _id, name in seen}), self.THREADS)
        for booking_id, name in seen:
            self.assertEqual(name, f"BK-{booking_id:06d}")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            stored = env["sports.booking"].browse([i for i, _n in seen]).mapped("name")
            self.assertEqual(sorted(stored), sorted(name for _id, name in seen))
