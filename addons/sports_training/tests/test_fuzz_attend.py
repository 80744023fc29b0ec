"""Bad input on the coach's page and the make-up routes: malformed or foreign ids, bad
states and missing fields get a 4xx page with a message, never a crash, and nothing is
marked or booked."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import tagged

from odoo.addons.sports_venue.tests.portal_fuzz import (
    BAD_IDS,
    FUZZ_SETTINGS,
    PortalFuzzCase,
    bad_text,
)

from .attend_common import AttendCase

ATTEND_ROUTES = {
    "/my/coach",
    "/my/coach/session/<int:session_id>",
    "/my/coach/session/<int:session_id>/mark",
    "/my/training/makeup/<int:attendance_id>",
    "/my/training/makeup/<int:attendance_id>/book",
}
URL_IDS = [i for i in BAD_IDS if 0 < len(i) < 1000 and "\x00" not in i] + ["-5", "999999999"]


@tagged("post_install", "-at_install")
class TestFuzzAttend(AttendCase, PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sess = cls.session(cls.course, 0.25)
        cls.enrolment = cls.enrol(cls.course, cls.child, cls.parent)
        cls.seat_a = cls.seat(cls.sess, cls.enrolment)
        cls.foreign = cls.session(cls.course_b, 0.25, coach=cls.other_coach)
        cls.foreign_seat = cls.seat(cls.foreign, cls.enrol(cls.course_b, cls.member))
        cls.missed = cls.seat(cls.session(cls.course, -30), cls.enrolment, state="absent")
        cls.target = cls.session(cls.course_b, 48)

    def assertUntouched(self):
        self.env.invalidate_all()
        self.assertEqual(self.seat_a.state, "expected")
        self.assertEqual(self.foreign_seat.state, "expected")
        self.assertFalse(self.missed.made_up_by_id)

    @FUZZ_SETTINGS
    @given(
        session=st.sampled_from(URL_IDS + ["foreign"]),
        form=st.dictionaries(
            st.sampled_from(["attendance_id", "state", "x"]), bad_text(), max_size=3
        ),
        method=st.sampled_from(["GET", "POST"]),
    )
    def test_fuzz_coach_routes(self, session, form, method):
        self.authenticate("attend_coach", "attend_coach")
        session_id = self.foreign.id if session == "foreign" else session
        url = f"/my/coach/session/{session_id}"
        response = self.send("GET", url, form)
        self.assertRefused(response, (400, 404))
        response = self.send(method, f"{url}/mark", form)
        self.assertRefused(response, (400, 404, 405))
        self.assertUntouched()

    @FUZZ_SETTINGS
    @given(
        attendance=st.sampled_from(URL_IDS + ["foreign"]),
        state=st.one_of(bad_text(), st.sampled_from(["cancelled", "expected", ""])),
    )
    def test_fuzz_mark_own_session(self, attendance, state):
        self.authenticate("attend_coach", "attend_coach")
        attendance_id = self.foreign_seat.id if attendance == "foreign" else attendance
        url = f"/my/coach/session/{self.sess.id}/mark"
        response = self.send("POST", url, {"attendance_id": attendance_id, "state": "present"})
        self.assertRefused(response, (400,))
        response = self.send("POST", url, {"attendance_id": self.seat_a.id, "state": state})
        self.assertRefused(response, (400,))
        self.assertUntouched()

    @FUZZ_SETTINGS
    @given(
        attendance=st.sampled_from(URL_IDS + ["foreign", "mine"]),
        session=st.one_of(st.sampled_from(URL_IDS + ["past", "own"]), bad_text()),
    )
    def test_fuzz_makeup_routes(self, attendance, session):
        self.authenticate("attend_parent", "attend_parent")
        attendance_id = {"foreign": self.foreign_seat.id, "mine": self.missed.id}.get(
            attendance, attendance
        )
        session_id = {"past": self.missed.session_id.id, "own": self.sess.id}.get(session, session)
        response = self.send("GET", f"/my/training/makeup/{attendance_id}")
        if attendance == "mine":
            self.assertEqual(response.status_code, 200)
        else:
            self.assertRefused(response, (404,))
        response = self.send(
            "POST", f"/my/training/makeup/{attendance_id}/book", {"session_id": session_id}
        )
        self.assertRefused(response, (400, 404))
        self.assertUntouched()
