import threading
import time
import uuid

from psycopg2.errors import DeadlockDetected, SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .common_enrol import enrol_fixture


@tagged("post_install", "-at_install")
class TestEnrolRace(BaseCase):
    """Cancellations and new enrolments race for the places of a full course, each on its
    own connection behind a barrier: the course never holds more than its capacity,
    nobody is promoted twice, and seats_taken always equals the enrolments holding one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:5].upper()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            fx = enrol_fixture(env, tag, capacity=3)
            course = fx["course"]
            partners = env["res.partner"].create([{"name": f"Racer {tag} {i}"} for i in range(12)])
            enrolments = env["sports.training.enrolment"]
            for partner in partners[:6]:  # 3 confirmed, 3 waitlisted
                enrolments |= course._enrol(partner)
            cls.course_id = course.id
            cls.venue_id, cls.space_id, cls.sport_id = (
                fx["venue"].id,
                fx["space"].id,
                fx["sport"].id,
            )
            cls.enrolment_ids = enrolments.ids
            cls.partner_ids = partners.ids
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            course = env["sports.training.course"].browse(cls.course_id)
            course.enrolment_ids.unlink()
            course.session_ids.unlink()
            product = course.product_id
            course.unlink()
            product.unlink()
            env["sports.space"].browse(cls.space_id).unlink()
            env["sports.venue"].browse(cls.venue_id).unlink()
            env["sports.sport"].browse(cls.sport_id).unlink()
            env["res.partner"].browse(cls.partner_ids).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _run(self, job):
        """Run ``job(env)`` in its own transaction, retrying serialisation failures."""
        for _attempt in range(200):
            with self.registry.cursor() as cr:
                cr.transaction = Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                try:
                    result = job(env)
                    cr.commit()  # pylint: disable=invalid-commit
                    return result
                except (SerializationFailure, DeadlockDetected):
                    cr.rollback()
                except UserError as error:
                    cr.rollback()
                    return f"refused: {error.args[0]}"
            time.sleep(0.005)
        return "gave up"

    @mute_logger("odoo.sql_db")
    def test_cancellations_and_enrolments_race_for_freed_places(self):
        confirmed = self.enrolment_ids[:3]
        newcomers = self.partner_ids[6:12]
        jobs = [
            # Two cancellations of one confirmed enrolment (one frees a seat), a third
            # of another: two freed places in all.
            *(
                lambda env, eid=eid: env["sports.training.enrolment"].browse(eid).action_cancel()
                for eid in (confirmed[0], confirmed[0], confirmed[1])
            ),
            # Six newcomers try to enrol at the same moment.
            *(
                lambda env, pid=pid: (
                    env["sports.training.course"]
                    .browse(self.course_id)
                    ._enrol(env["res.partner"].browse(pid))
                    .state
                )
                for pid in newcomers
            ),
        ]
        barrier = threading.Barrier(len(jobs))
        outcomes, lock = [], threading.Lock()

        def worker(job):
            try:
                barrier.wait(timeout=60)
                result = self._run(job)
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                result = f"error: {exc!r}"
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(len(outcomes), len(jobs), outcomes)
        self.assertFalse([o for o in outcomes if str(o).startswith(("error", "gave up"))], outcomes)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            course = env["sports.training.course"].browse(self.course_id)
            enrolments = course.enrolment_ids
            holding = enrolments.filtered(lambda e: e.state in ("pending", "confirmed"))
            self.assertEqual(course.seats_taken, 3)
            self.assertEqual(len(holding), 3)
            cancelled = enrolments.filtered(lambda e: e.state == "cancelled")
            self.assertEqual(sorted(cancelled.ids), sorted(confirmed[:2]))
            # The waitlist came first: the two places went to its first two, who each
            # got one set of seats.
            promoted = enrolments.filtered("promoted_at")
            self.assertEqual(sorted(promoted.ids), sorted(self.enrolment_ids[3:5]))
            for enrolment in holding:
                self.assertEqual(len(enrolment.attendance_ids), 3)
            # Everyone else waits, in one queue without gaps.
            waiting = enrolments.filtered(lambda e: e.state == "waitlist")
            self.assertEqual(len(waiting), 1 + 6)
            self.assertEqual(sorted(waiting.mapped("waitlist_position")), list(range(1, 8)))
