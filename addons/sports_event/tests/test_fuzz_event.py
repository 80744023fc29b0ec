"""Bad input on the events routes: malformed ids, team names, member names and phones get
a page with a message or a 4xx, never a crash, and nothing is registered."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_fuzz import (
    BAD_IDS,
    BAD_TEXTS,
    FUZZ_SETTINGS,
    MISSING,
    PortalFuzzCase,
    bad_text,
    corrupted,
)

from .event_common import EventCase

EVENT_ROUTES = {"/my/events", "/event/<int:event_id>/team"}
PASSWORD = "Event-Fuzz-Pass-1"
VALID_FORM = {
    "team_name": "Fuzz Team",
    "member_name_1": "Liu Yang",
    "member_phone_1": "13800138000",
    "member_name_2": "Chen Jie",
    "member_phone_2": "13900139000",
}


@tagged("post_install", "-at_install")
class TestFuzzEvent(EventCase, PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="event_fuzz", password=PASSWORD, groups="base.group_portal"
        )
        cls.event = cls.make_event(
            days=6,
            name="Fuzz Cup",
            sports_team_size_min=2,
            sports_team_size_max=3,
            website_published=True,
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.user.login, PASSWORD)

    def assertNothingRegistered(self):
        self.assertFalse(self.env["sports.event.team"].search([("event_id", "=", self.event.id)]))
        self.assertFalse(self.env["event.registration"].search([("event_id", "=", self.event.id)]))

    @FUZZ_SETTINGS
    @given(
        event=st.sampled_from([i for i in BAD_IDS if 0 < len(i) < 1000 and "\x00" not in i]),
        junk=st.one_of(st.none(), bad_text()),
    )
    def test_fuzz_team_event_ids(self, event, junk):
        for method in ("GET", "POST"):
            response = self.send(
                method, f"/event/{event}/team", {} if junk is None else {"x": junk}
            )
            self.assertRefused(response, (400, 404, 405))
        self.assertNothingRegistered()

    @FUZZ_SETTINGS
    @given(
        form=corrupted(
            VALID_FORM,
            {
                "team_name": st.one_of(
                    st.just(MISSING), st.sampled_from(BAD_TEXTS), st.just("   ")
                ),
                "member_name_1": st.one_of(st.just(MISSING), st.sampled_from(BAD_TEXTS)),
                "member_phone_1": st.one_of(
                    st.just(MISSING),
                    st.sampled_from(BAD_TEXTS),
                    # No digits at all: phonenumbers reads letters as a keypad's (vanity numbers).
                    st.text(min_size=1, max_size=12).filter(
                        lambda t: t.strip() and not any(c.isdigit() for c in t)
                    ),
                    st.sampled_from(["1", "12345", "99999999999", "+1 202 555 01", "13800138000"]),
                ),
                "member_name_2": st.sampled_from(BAD_TEXTS),
            },
        )
    )
    def test_fuzz_team_form(self, form):
        # The second member's phone equals the first's when the first is left valid.
        if form.get("member_phone_1") == "13800138000":
            form["member_phone_2"] = "13800138000"
        response = self.send("POST", f"/event/{self.event.id}/team", form)
        self.assertRefused(response, (422,), alert="o_se_team_error")
        self.assertNothingRegistered()

    @FUZZ_SETTINGS
    @given(
        params=st.dictionaries(
            st.sampled_from(["page", "team", "filterby", "x"]), bad_text(), max_size=3
        )
    )
    def test_fuzz_my_events(self, params):
        response = self.send("GET", "/my/events", params)
        self.assertNotCrashed(response)
        self.assertEqual(response.status_code, 200)
