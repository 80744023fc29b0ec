"""Issue 12, bad input on the ticket routes of the portal: malformed values get a 4xx
answer with a message, never a crash, and nothing is written."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.common import open_every_day
from odoo.addons.sports_venue.tests.portal_fuzz import (
    BAD_TEXTS,
    FUZZ_SETTINGS,
    MISSING,
    PortalFuzzCase,
    bad_id,
    bad_number,
    corrupted,
)

COVERED_ROUTES = {
    "/my/tickets",
    "/my/tickets/page/<int:page>",
    "/my/tickets/<int:ticket_id>",
    "/my/tickets/buy",
}
MEMBER, OTHER = "sa_fuzz_member", "sa_fuzz_other"
SPOOF = "SPOOFED-MESSAGE-1234"


@tagged("post_install", "-at_install")
class TestFuzzTicketPortal(PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.company)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Ticket Fuzz Arena",
                "code": "SAFUZZ",
                "resource_calendar_id": calendar.id,
                "is_published": True,
            }
        )
        Type = cls.env["sports.ticket.type"]
        cls.ticket_type = Type.create(
            {"name": "Fuzz Swim", "venue_id": cls.venue.id, "kind": "single", "price": 30.0}
        )
        cls.offline_type = Type.create(
            {
                "name": "Desk Only",
                "venue_id": cls.venue.id,
                "kind": "day",
                "price": 50.0,
                "website_published": False,
            }
        )
        cls.member, cls.other = (
            new_test_user(
                cls.env,
                login=login,
                password=f"{login}-Pass-1",
                groups="base.group_portal",
                name=name,
                email=f"{login}@example.com",
                company_id=cls.company.id,
            )
            for login, name in ((MEMBER, "Zhou Min"), (OTHER, "Wu Tao"))
        )
        cls.their_ticket = Type.sell(
            cls.ticket_type, 1, cls.other.partner_id, "fuzz other", reason="Fuzz test"
        )
        cls.their_ticket._portal_ensure_token()

    def setUp(self):
        super().setUp()
        self.authenticate(MEMBER, f"{MEMBER}-Pass-1")
        self.before = self.fingerprint()

    def assertNothingWritten(self):
        self.assertEqual(self.fingerprint(), self.before, "a refused request wrote something")

    def test_query_string_cannot_put_a_message_on_my_tickets(self):
        response = self.send("GET", "/my/tickets", {"buy_error": SPOOF})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(SPOOF, response.text)

    @FUZZ_SETTINGS
    @given(
        form=corrupted(
            {"ticket_type_id": "VALID", "quantity": "1"},
            {
                "ticket_type_id": st.one_of(
                    st.just(MISSING), st.just("OFFLINE"), bad_id().filter(lambda v: v != "")
                ),
                # Left out, the quantity is one ticket.
                "quantity": st.one_of(
                    st.just(""),
                    bad_number(),
                    st.sampled_from(["0", "-1", "21", "1.5", "2147483648", "9" * 30]),
                ),
            },
        )
    )
    def test_fuzz_buying_tickets(self, form):
        if form.get("ticket_type_id") == "VALID":
            form["ticket_type_id"] = str(self.ticket_type.id)
        elif form.get("ticket_type_id") == "OFFLINE":
            form["ticket_type_id"] = str(self.offline_type.id)
        response = self.send("POST", "/my/tickets/buy", form)
        self.assertRefused(response, (422,), alert="o_sa_buy_error")
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(
        ticket=st.sampled_from(["theirs", "0", "2147483648", "9" * 30]),
        token=st.one_of(
            st.just(MISSING),
            st.sampled_from([t for t in BAD_TEXTS if len(t) < 1000]),
            st.text(max_size=40),
        ),
    )
    def test_fuzz_other_tickets_are_not_found(self, ticket, token):
        ticket_id = self.their_ticket.id if ticket == "theirs" else ticket
        form = {} if token is MISSING else {"access_token": token}
        response = self.send("GET", f"/my/tickets/{ticket_id}", form)
        self.assertRefused(response, (404,))
        self.assertNotIn("Wu Tao", response.text)
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(page=st.sampled_from(["", "/page/0", "/page/2147483648", "/page/" + "9" * 30]))
    def test_fuzz_my_tickets_pages(self, page):
        response = self.send("GET", f"/my/tickets{page}")
        self.assertNotCrashed(response)
        self.assertNotIn("Wu Tao", response.text)
        self.assertNothingWritten()
