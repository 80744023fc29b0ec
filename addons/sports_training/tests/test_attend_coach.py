from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .attend_common import AttendCase


@tagged("post_install", "-at_install")
class TestAttendMarking(AttendCase):
    """Only the session's coach or staff marks seats, within the session's window."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sess = cls.session(cls.course, 0.25)
        cls.enrolment = cls.enrol(cls.course, cls.child, cls.parent)
        cls.seat_a = cls.seat(cls.sess, cls.enrolment)

    def test_the_coach_marks_their_own_seats(self):
        self.seat_a.with_user(self.coach_user).action_mark("present")
        self.assertEqual((self.seat_a.state, self.seat_a.source), ("present", "coach"))
        self.seat_a.with_user(self.coach_user).action_mark("absent")
        self.assertEqual(self.seat_a.state, "absent")
        with self.assertRaisesRegex(UserError, "present, absent or excused"):
            self.seat_a.with_user(self.coach_user).action_mark("cancelled")

    def test_another_coach_cannot_mark(self):
        with self.assertRaisesRegex(UserError, "Only the session's coach"):
            self.seat_a.with_user(self.other_coach_user).sudo(False).action_mark("present")
        self.assertEqual(self.seat_a.state, "expected")

    def test_marking_opens_30_minutes_before_and_closes_a_day_after(self):
        with freeze_time(self.sess.start_at - timedelta(minutes=31)):
            with self.assertRaisesRegex(UserError, "30 minutes before"):
                self.seat_a.with_user(self.coach_user).action_mark("present")
        with freeze_time(self.sess.end_at + timedelta(hours=24, minutes=1)):
            with self.assertRaisesRegex(UserError, "24 hours after"):
                self.seat_a.with_user(self.coach_user).action_mark("present")
        with freeze_time(self.sess.end_at + timedelta(hours=23)):
            self.seat_a.action_mark("excused")
        self.assertEqual((self.seat_a.state, self.seat_a.source), ("excused", "backend"))
