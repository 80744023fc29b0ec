from odoo.tests import HttpCase, tagged

from .attend_common import AttendCase


@tagged("post_install", "-at_install")
class TestAttendCoachTour(AttendCase, HttpCase):
    """Issue 19, tours: a coach takes attendance on a phone-sized viewport."""

    browser_size = "390x844"
    touch_enabled = True

    def test_a_coach_marks_two_attendees_on_the_phone(self):
        course = self.course
        course.name = "Tour Course"
        session = self.session(course, 0.25)
        child = self.env["res.partner"].create(
            {"name": "Tour Child A", "parent_id": self.parent.id}
        )
        member = self.env["res.partner"].create({"name": "Tour Member B"})
        seats = self.env["sports.training.attendance"].create(
            [
                {"session_id": session.id, "enrolment_id": self.enrol(course, p, self.parent).id}
                for p in (child, member)
            ]
        )
        self.start_tour("/my/coach", "sports_training_coach_attendance", login="attend_coach")
        self.env.invalidate_all()
        by_partner = {seat.partner_id: seat for seat in seats}
        self.assertEqual((by_partner[child].state, by_partner[child].source), ("present", "coach"))
        self.assertEqual(by_partner[member].state, "absent")
