import random
import threading
import time
from datetime import date, datetime, timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAttendMakeupRace(BaseCase):
    """Four members who missed a session race, each on its own connection, for the last
    place of a make-up session: exactly one gets it, the others are told it is full."""

    RACERS = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            venue = env["sports.venue"].create({"name": "Race Pool", "code": "ATRACE"})
            space = env["sports.space"].create({"name": "Race Lane", "venue_id": venue.id})
            sport = env["sports.sport"].create({"name": "Race Swim", "code": "atraceswim"})
            level = env["sports.training.level"].create({"name": "Race Level"})
            today = date.today()
            course = env["sports.training.course"].create(
                {
                    "name": "Race Course",
                    "venue_id": venue.id,
                    "space_id": space.id,
                    "sport_id": sport.id,
                    "level_id": level.id,
                    "capacity": cls.RACERS + 1,
                    "date_start": today - timedelta(days=10),
                    "date_end": today + timedelta(days=10),
                }
            )
            now = datetime.utcnow().replace(microsecond=0)
            Session = env["sports.training.session"]
            past = Session.create(
                {
                    "course_id": course.id,
                    "space_id": space.id,
                    "start_at": now - timedelta(days=2),
                    "end_at": now - timedelta(days=2) + timedelta(hours=1),
                }
            )
            target = Session.create(
                {
                    "course_id": course.id,
                    "space_id": space.id,
                    "start_at": now + timedelta(days=2),
                    "end_at": now + timedelta(days=2, hours=1),
                }
            )
            partners = env["res.partner"].create(
                [{"name": f"Racer {i}"} for i in range(cls.RACERS + cls.RACERS)]
            )
            enrolments = env["sports.training.enrolment"].create(
                [
                    {"course_id": course.id, "partner_id": p.id, "state": "confirmed"}
                    for p in partners
                ]
            )
            Seat = env["sports.training.attendance"]
            missed = Seat.create(
                [
                    {"session_id": past.id, "enrolment_id": e.id, "state": "absent"}
                    for e in enrolments[: cls.RACERS]
                ]
            )
            # The target session is full but for one place.
            Seat.create(
                [{"session_id": target.id, "enrolment_id": e.id} for e in enrolments[cls.RACERS :]]
            )
            cls.fixture = {
                "venue": venue.id,
                "space": space.id,
                "sport": sport.id,
                "level": level.id,
                "course": course.id,
                "partners": partners.ids,
                "missed": missed.ids,
                "target": target.id,
            }
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = cls.fixture
            course = env["sports.training.course"].browse(ids["course"])
            env["sports.access.entitlement"].search(
                [("training_attendance_id.course_id", "=", course.id)]
            ).credential_ids.unlink()
            env["sports.access.entitlement"].search(
                [("training_attendance_id.course_id", "=", course.id)]
            ).unlink()
            course.enrolment_ids.attendance_ids.unlink()
            course.enrolment_ids.unlink()
            course.session_ids.unlink()
            course.unlink()
            env["sports.training.level"].browse(ids["level"]).unlink()
            env["sports.space"].browse(ids["space"]).unlink()
            env["sports.sport"].browse(ids["sport"]).unlink()
            env["sports.venue"].browse(ids["venue"]).unlink()
            env["res.partner"].browse(ids["partners"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    @mute_logger("odoo.sql_db")
    def test_one_racer_takes_the_last_place(self):
        barrier = threading.Barrier(self.RACERS)
        outcomes, lock = [], threading.Lock()
        retries = [0]

        def book(missed_id):
            barrier.wait(timeout=60)
            # A loser of the lock fails to serialise and is replayed, as Odoo's HTTP and
            # RPC layers replay it.
            for _attempt in range(50):
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    Seat = env["sports.training.attendance"]
                    try:
                        Seat.browse(missed_id)._book_makeup(
                            env["sports.training.session"].browse(self.fixture["target"])
                        )
                        cr.commit()  # pylint: disable=invalid-commit
                        return "booked"
                    except SerializationFailure:
                        cr.rollback()
                        with lock:
                            retries[0] += 1
                    except UserError as error:
                        cr.rollback()
                        return "full" if "full" in str(error) else f"refused: {error}"
                time.sleep(random.uniform(0, 0.01))
            return "gave up"

        def guarded(missed_id):
            try:
                result = book(missed_id)
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                result = f"error: {exc!r}"
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=guarded, args=(i,)) for i in self.fixture["missed"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(sorted(outcomes), ["booked"] + ["full"] * (self.RACERS - 1), outcomes)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            target = env["sports.training.session"].browse(self.fixture["target"])
            self.assertEqual(target.seats_taken, self.RACERS + 1)
            makeups = target.attendance_ids.filtered("makeup_of_id")
            self.assertEqual(len(makeups), 1)
            self.assertEqual(
                env["sports.access.entitlement"].search_count(
                    [("training_attendance_id", "=", makeups.id), ("state", "=", "active")]
                ),
                1,
            )
