from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .attend_common import AttendCase


@tagged("post_install", "-at_install")
class TestAttendAbsencesAndMakeups(AttendCase):
    """The close cron turns no-shows into absences; a missed seat is made up once in
    another session of the same level with a free place, within the term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.past = cls.session(cls.course, -3)
        cls.enrolment = cls.enrol(cls.course, cls.child, cls.parent)
        cls.missed = cls.seat(cls.past, cls.enrolment, state="absent")
        cls.same_level = cls.session(cls.course_b, 24)
        cls.own_next = cls.session(cls.course, 48)

    def test_the_close_cron_marks_no_shows_absent_and_is_idempotent(self):
        ended = self.session(self.course, -2.5, coach=self.other_coach)
        recent = self.session(self.course, -1.5, length=1, coach=self.other_coach)
        expected = self.seat(ended, self.enrolment)
        present = self.seat(ended, self.enrol(self.course, self.member), state="present")
        recent_seat = self.seat(recent, self.enrolment)
        token = self.pass_of(expected).qr_token
        self.assertTrue(token)
        Session = self.env["sports.training.session"]
        Session._cron_close_sessions()
        self.assertEqual(
            (ended.state, expected.state, present.state), ("done", "absent", "present")
        )
        # Ended only 30 minutes ago: not closed yet.
        self.assertEqual((recent.state, recent_seat.state), ("planned", "expected"))
        self.assertFalse(self.pass_of(expected))
        Session._cron_close_sessions()
        self.assertEqual(
            (ended.state, expected.state, present.state), ("done", "absent", "present")
        )
        with freeze_time(recent.end_at + timedelta(hours=1, minutes=1)):
            Session._cron_close_sessions()
        self.assertEqual((recent.state, recent_seat.state), ("done", "absent"))

    def test_a_missed_seat_is_made_up_in_a_session_of_the_same_level(self):
        self.assertEqual(self.missed._makeup_sessions(), self.same_level | self.own_next)
        makeup = self.missed._book_makeup(self.same_level)
        self.assertEqual(makeup.state, "expected")
        self.assertEqual(makeup.makeup_of_id, self.missed)
        self.assertEqual(makeup.enrolment_id, self.enrolment)
        self.assertEqual(makeup.partner_id, self.child)
        self.assertEqual(self.missed.made_up_by_id, makeup)
        self.assertEqual(self.pass_of(makeup).area_ids, self.area)
        self.assertFalse(self.missed._makeup_sessions())
        with self.assertRaisesRegex(UserError, "already made up"):
            self.missed._book_makeup(self.own_next)

    def test_each_make_up_rule_is_refused_in_words(self):
        Seat = self.env["sports.training.attendance"]
        expected = self.seat(self.same_level, self.enrol(self.course_b, self.member))
        with self.assertRaisesRegex(UserError, "absent or excused"):
            expected._book_makeup(self.own_next)
        with self.assertRaisesRegex(UserError, "in itself"):
            self.missed._book_makeup(self.past)
        other_level = self.session(self.course_adv, 30, coach=self.other_coach)
        with self.assertRaisesRegex(UserError, "same level"):
            self.missed._book_makeup(other_level)
        past_b = self.session(self.course_b, -30)
        with self.assertRaisesRegex(UserError, "planned session to come"):
            self.missed._book_makeup(past_b)
        late = self.session(self.course_b, 24 * 40)
        with self.assertRaisesRegex(UserError, "within the term"):
            self.missed._book_makeup(late)
        # The company's make-up window stretches the term.
        self.env.company.training_makeup_days = 15
        self.assertIn(late, self.missed._makeup_sessions())
        # A full session: two seats of capacity 2.
        full = self.session(self.course_b, 60)
        Seat.create(
            [
                {"session_id": full.id, "enrolment_id": self.enrol(self.course_b, p).id}
                for p in (self.member2, self.parent)
            ]
        )
        with self.assertRaisesRegex(UserError, "full"):
            self.missed._book_makeup(full)
        self.assertNotIn(full, self.missed._makeup_sessions())
        # The attendee already sits in their own course's next session.
        self.seat(self.own_next, self.enrolment)
        with self.assertRaisesRegex(UserError, "already has a seat"):
            self.missed._book_makeup(self.own_next)
        self.assertFalse(Seat.search([("makeup_of_id", "=", self.missed.id)]))
