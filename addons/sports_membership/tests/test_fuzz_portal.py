"""Issue 12, bad input on the card routes of the portal: malformed values get a 4xx
answer with a message, never a crash, and nothing is written."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import tagged

from odoo.addons.sports_venue.tests.portal_fuzz import (
    FUZZ_SETTINGS,
    MISSING,
    PortalFuzzCase,
    bad_number,
    corrupted,
)

from .common import MEMBER_LOGIN, MEMBER_PASSWORD, PortalCardCase

COVERED_ROUTES = {
    "/my/cards",
    "/my/cards/page/<int:page>",
    "/my/cards/<int:card_id>",
    "/my/cards/<int:card_id>/page/<int:page>",
    "/my/cards/<int:card_id>/topup",
    "/my/cards/<int:card_id>/renew",
    "/my/cards/buy",
    "/my/cards/buy/<int:type_id>",
}


@tagged("post_install", "-at_install")
class TestFuzzCardPortal(PortalCardCase, PortalFuzzCase):
    def setUp(self):
        super().setUp()
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        self.before = self.fingerprint()

    def assertNothingWritten(self):
        self.assertEqual(self.fingerprint(), self.before, "a refused request wrote something")

    def test_topup_refuses_huge_and_non_finite_amounts(self):
        for value in ("1e308", "-1e308", "1e309", "NaN", "Infinity", "-Infinity", "1e12"):
            for form in ({"amount": value}, {"amount": "other", "other_amount": value}):
                with self.subTest(form=form):
                    response = self.send("POST", f"/my/cards/{self.card.id}/topup", form)
                    self.assertRefused(response, (422,), alert="o_sm_topup_error")
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(
        form=corrupted(
            {"amount": "other", "other_amount": "100"},
            {
                "amount": st.one_of(st.just(MISSING), st.just(""), bad_number()),
                "other_amount": st.one_of(
                    st.just(MISSING),
                    st.just(""),
                    bad_number(),
                    st.sampled_from(["0", "-100", "49.99", "50000.01", "100.001", "1e7"]),
                ),
            },
        )
    )
    def test_fuzz_topup_form(self, form):
        response = self.send("POST", f"/my/cards/{self.card.id}/topup", form)
        self.assertRefused(response, (422,), alert="o_sm_topup_error")
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(
        card=st.sampled_from(["theirs", "0", "2147483648", "9" * 30]),
        route=st.sampled_from(["", "/page/2", "/topup", "/renew"]),
        amount=bad_number(),
    )
    def test_fuzz_other_cards_are_not_found(self, card, route, amount):
        card_id = self.other_card.id if card == "theirs" else card
        method = "POST" if route in ("/topup", "/renew") else "GET"
        form = {"amount": "other", "other_amount": amount} if method == "POST" else {}
        response = self.send(method, f"/my/cards/{card_id}{route}", form)
        self.assertRefused(response, (403, 404))
        self.assertNotIn(self.other.partner_id.name, response.text)
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(
        page=st.sampled_from(["", "/page/0", "/page/2147483648", "/page/" + "9" * 30]),
        own=st.booleans(),
    )
    def test_fuzz_card_pages(self, page, own):
        url = f"/my/cards/{self.card.id}{page}" if own else f"/my/cards{page}"
        response = self.send("GET", url)
        self.assertNotCrashed(response)
        self.assertNothingWritten()

    def test_renewing_a_stored_value_card_is_refused(self):
        response = self.send("POST", f"/my/cards/{self.card.id}/renew", {"price_unit": "0"})
        self.assertRefused(response, (422,), alert="o_sm_renew_error")
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(
        card_type=st.sampled_from(["0", "-1", "2147483648", "9" * 30, "abc", "unpublished"]),
        form=st.dictionaries(
            st.sampled_from(["price_unit", "deposit", "type_id", "partner_id", "qty"]),
            st.one_of(bad_number(), st.text(max_size=20)),
            max_size=3,
        ),
    )
    def test_fuzz_buy_form(self, card_type, form):
        type_id = self.card_type.id if card_type == "unpublished" else card_type
        response = self.send("POST", f"/my/cards/buy/{type_id}", form)
        self.assertRefused(response, (404, 422), alert="o_sm_buy_error")
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(params=st.dictionaries(st.sampled_from(["page", "type_id"]), bad_number(), max_size=2))
    def test_fuzz_buy_page(self, params):
        response = self.send("GET", "/my/cards/buy", params)
        self.assertNotCrashed(response)
        self.assertNothingWritten()
