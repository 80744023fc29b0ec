"""Bad input on the enrolment routes: malformed ids, names and dates get a page with a
message or a 4xx, never a crash, and nothing is written."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_fuzz import (
    BAD_IDS,
    FUZZ_SETTINGS,
    MISSING,
    PortalFuzzCase,
    bad_date,
    bad_id,
    bad_text,
    corrupted,
)

from .common_enrol import born_years_ago, enrol_fixture

ENROL_ROUTES = {
    "/training",
    "/training/<int:course_id>",
    "/training/<int:course_id>/enrol",
    "/my/training",
    "/my/training/<int:enrolment_id>",
    "/my/training/<int:enrolment_id>/cancel",
}
PASSWORD = "Enrol-Fuzz-Pass-1"
URL_IDS = [i for i in BAD_IDS if 0 < len(i) < 1000 and "\x00" not in i] + ["-5", "2147483648"]


@tagged("post_install", "-at_install")
class TestFuzzEnrol(PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fx = enrol_fixture(cls.env, "F", capacity=3, age_min=6, age_max=10)
        cls.course = fx["course"]
        cls.user = new_test_user(
            cls.env, login="enrol_fuzz", password=PASSWORD, groups="base.group_portal"
        )
        other = new_test_user(
            cls.env, login="enrol_fuzz_o", password=PASSWORD, groups="base.group_portal"
        )
        cls.other_kid = cls.env["res.partner"].create(
            {
                "name": "Other Kid",
                "parent_id": other.partner_id.id,
                "sports_birthdate": born_years_ago(7, cls.course.date_start),
            }
        )
        cls.theirs = cls.course._enrol(cls.other_kid, parent=other.partner_id)

    def setUp(self):
        super().setUp()
        self.authenticate(self.user.login, PASSWORD)

    @FUZZ_SETTINGS
    @given(
        form=corrupted(
            {"who": "new", "name": "Xiao Li", "birthdate": str(born_years_ago(7))},
            {
                "who": st.one_of(st.just(MISSING), bad_id(), st.just("theirs")),
                "name": st.one_of(st.just(MISSING), bad_text()),
                "birthdate": st.one_of(st.just(MISSING), bad_date()),
            },
        )
    )
    def test_fuzz_enrol_form(self, form):
        if form.get("who") == "theirs":
            form["who"] = str(self.other_kid.id)
        before = self.fingerprint()
        response = self.send("POST", f"/training/{self.course.id}/enrol", form)
        if response.status_code == 303:
            # A valid new child despite the junk elsewhere (who=new, good name and date).
            self.assertEqual(form.get("who"), "new", form)
            self.env["sports.training.enrolment"].search(
                [("course_id", "=", self.course.id), ("id", "!=", self.theirs.id)]
            ).action_cancel()
            return
        self.assertRefused(response, (422,), alert="o_st_error")
        self.assertEqual(self.fingerprint(), before)

    @FUZZ_SETTINGS
    @given(course=st.sampled_from(URL_IDS), enrolment=st.sampled_from(URL_IDS + ["theirs"]))
    def test_fuzz_ids(self, course, enrolment):
        if enrolment == "theirs":
            enrolment = str(self.theirs.id)
        before = self.fingerprint()
        for method, url in (
            ("GET", f"/training/{course}"),
            ("POST", f"/training/{course}/enrol"),
            ("GET", f"/my/training/{enrolment}"),
            ("POST", f"/my/training/{enrolment}/cancel"),
        ):
            response = self.send(method, url, {"who": "me"})
            self.assertRefused(response, (400, 404, 405))
        self.assertEqual(self.fingerprint(), before)
        self.assertEqual(self.theirs.state, "confirmed")

    @FUZZ_SETTINGS
    @given(sport=bad_text(), junk=bad_text())
    def test_fuzz_lists(self, sport, junk):
        for url in ("/training", "/my/training"):
            response = self.send("GET", url, {"sport": sport, "x": junk})
            self.assertNotCrashed(response)
            self.assertEqual(response.status_code, 200)
