from datetime import date, datetime

from psycopg2 import errors

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestTrainingSkeleton(TransactionCase):
    """The database keeps the invariants the rest of the addon relies on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue = cls.env["sports.venue"].create({"name": "Skeleton Pool", "code": "SKPOOL"})
        cls.space = cls.env["sports.space"].create({"name": "Lane 1", "venue_id": cls.venue.id})
        cls.sport = cls.env["sports.sport"].create({"name": "Skeleton Swimming", "code": "skswim"})
        cls.coach = cls.env["hr.employee"].create({"name": "Coach Skeleton", "is_coach": True})
        cls.course = cls.env["sports.training.course"].create(
            {
                "name": "Skeleton Course",
                "venue_id": cls.venue.id,
                "space_id": cls.space.id,
                "sport_id": cls.sport.id,
                "capacity": 2,
                "date_start": date(2030, 3, 1),
                "date_end": date(2030, 6, 30),
            }
        )

    def _session(self, start, end, coach=None):
        return self.env["sports.training.session"].create(
            {
                "course_id": self.course.id,
                "space_id": self.space.id,
                "coach_id": (coach or self.coach).id,
                "start_at": start,
                "end_at": end,
            }
        )

    def test_a_coach_cannot_teach_two_overlapping_sessions(self):
        self._session(datetime(2030, 3, 2, 1), datetime(2030, 3, 2, 2))
        self._session(datetime(2030, 3, 2, 2), datetime(2030, 3, 2, 3))  # back to back: fine
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(errors.ExclusionViolation),
            self.cr.savepoint(),
        ):
            self._session(datetime(2030, 3, 2, 1, 30), datetime(2030, 3, 2, 2, 30))
        cancelled = self._session(datetime(2030, 3, 3, 1), datetime(2030, 3, 3, 2))
        cancelled.state = "cancelled"
        cancelled.flush_recordset()
        self._session(datetime(2030, 3, 3, 1), datetime(2030, 3, 3, 2))  # frees the coach

    def test_seats_never_exceed_capacity_in_the_database(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(errors.CheckViolation),
            self.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE sports_training_course SET seats_taken = 3 WHERE id = %s",
                [self.course.id],
            )
