from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .attend_common import AttendCase


@tagged("post_install", "-at_install")
class TestAttendPortal(AttendCase, HttpCase):
    """The coach's page over real HTTP: their own sessions only, marking in words; and a
    parent books a make-up from the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sess = cls.session(cls.course, 0.25)
        cls.enrolment = cls.enrol(cls.course, cls.child, cls.parent)
        cls.seat_a = cls.seat(cls.sess, cls.enrolment)
        cls.seat_b = cls.seat(cls.sess, cls.enrol(cls.course, cls.member), state="present")
        cls.foreign = cls.session(cls.course_b, 0.25, coach=cls.other_coach)
        cls.later = cls.session(cls.course, 24 * 10)
        cls.missed = cls.seat(cls.session(cls.course, -30), cls.enrolment, state="absent")
        cls.target = cls.session(cls.course_b, 48, coach=cls.other_coach)

    def post(self, url, data):
        data = dict(data, csrf_token=self.csrf_token())
        response = self.url_open(url, data=data, allow_redirects=False)
        self.env.invalidate_all()
        return response

    def csrf_token(self):
        return http.Request.csrf_token(self)

    def test_the_coach_sees_today_and_the_week_with_counts(self):
        self.authenticate("attend_coach", "attend_coach")
        page = self.url_open("/my/coach").text
        self.assertIn(f"/my/coach/session/{self.sess.id}", page)
        self.assertIn("1/2", page)  # one present of two expected
        self.assertNotIn(f"/my/coach/session/{self.later.id}", page)  # ten days ahead
        self.assertNotIn(f"/my/coach/session/{self.foreign.id}", page)
        session_page = self.url_open(f"/my/coach/session/{self.sess.id}").text
        self.assertIn("Child Li", session_page)
        self.assertIn("Member Sun", session_page)
        home = self.url_open("/my").text
        self.assertIn('href="/my/coach"', home)

    def test_a_coach_without_sessions_gets_the_empty_state_and_not_others_sessions(self):
        idle = new_test_user(
            self.env, login="attend_idle", groups="sports_training.group_training_coach"
        )
        self.env["hr.employee"].create({"name": "Coach Idle", "is_coach": True, "user_id": idle.id})
        self.authenticate("attend_idle", "attend_idle")
        self.assertIn("o_coach_empty", self.url_open("/my/coach").text)
        self.authenticate("attend_coach2", "attend_coach2")
        response = self.url_open(f"/my/coach/session/{self.sess.id}")
        self.assertEqual(response.status_code, 404)
        response = self.post(
            f"/my/coach/session/{self.sess.id}/mark",
            {"attendance_id": self.seat_a.id, "state": "present"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.seat_a.state, "expected")

    def test_the_coach_marks_and_too_early_is_refused_in_words(self):
        self.authenticate("attend_coach", "attend_coach")
        url = f"/my/coach/session/{self.sess.id}/mark"
        response = self.post(url, {"attendance_id": self.seat_a.id, "state": "present"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual((self.seat_a.state, self.seat_a.source), ("present", "coach"))
        later_url = f"/my/coach/session/{self.later.id}/mark"
        later_seat = self.seat(self.later, self.enrolment)
        response = self.post(later_url, {"attendance_id": later_seat.id, "state": "absent"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("30 minutes before", response.text)
        self.assertEqual(later_seat.state, "expected")

    def test_a_parent_books_a_make_up_on_the_portal(self):
        self.authenticate("attend_parent", "attend_parent")
        page = self.url_open(f"/my/training/makeup/{self.missed.id}").text
        self.assertIn(f'name="session_id" value="{self.target.id}"', page)
        response = self.post(
            f"/my/training/makeup/{self.missed.id}/book", {"session_id": self.target.id}
        )
        self.assertEqual(response.status_code, 303, response.text[-500:])
        self.assertEqual(self.missed.made_up_by_id.session_id, self.target)
        self.assertIn(
            "o_makeup_booked", self.url_open(f"/my/training/makeup/{self.missed.id}").text
        )
        # A stranger sees nothing of it.
        self.authenticate("attend_stranger", "attend_stranger")
        self.assertEqual(self.url_open(f"/my/training/makeup/{self.missed.id}").status_code, 404)
