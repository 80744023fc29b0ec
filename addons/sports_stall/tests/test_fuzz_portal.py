"""Bad input on the merchant portal's routes (issue 16): malformed ids and pages get a
4xx or a page, never a crash, never another merchant's data, and nothing is written."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import tagged

from odoo.addons.sports_venue.tests.portal_fuzz import BAD_TEXTS, FUZZ_SETTINGS, PortalFuzzCase

from .portal_common import PASSWORD, StallPortalFixture

COVERED_ROUTES = {
    "/my/stall/statements",
    "/my/stall/statements/page/<int:page>",
    "/my/stall/statements/<int:settlement_id>",
    "/my/stall/sales",
    "/sports_stall/statement/<int:settlement_id>/xlsx",
}
OTHERS = ("Noodle", "66.60", "赵客人")


def short_text():
    """Bad text that fits in a query string (a 100 kB one is refused by the HTTP server
    itself, before Odoo)."""
    return st.one_of(st.sampled_from([t for t in BAD_TEXTS if len(t) < 1000]), st.text(max_size=30))


@tagged("post_install", "-at_install")
class TestFuzzStallPortal(StallPortalFixture, PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpStallFixture()

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, PASSWORD)
        self.before = self.fingerprint()

    def assertNothingLeaked(self, response):
        for text in OTHERS:
            self.assertNotIn(text, response.text)
        self.assertEqual(self.fingerprint(), self.before, "a portal read wrote something")

    @FUZZ_SETTINGS
    @given(
        settlement=st.sampled_from(["theirs", "0", "2147483647", "2147483648", "9" * 30]),
        suffix=st.sampled_from(["", "/xlsx"]),
        report_type=st.one_of(st.none(), st.sampled_from(["pdf", "html", "text", "xlsx"])),
        download=st.one_of(st.none(), short_text()),
    )
    def test_fuzz_other_statements_are_not_found(self, settlement, suffix, report_type, download):
        settlement_id = self.settlement_b.id if settlement == "theirs" else settlement
        if suffix:
            url = f"/sports_stall/statement/{settlement_id}/xlsx"
        else:
            url = f"/my/stall/statements/{settlement_id}"
        form = {}
        if report_type is not None:
            form["report_type"] = report_type
        if download is not None:
            form["download"] = download
        response = self.send("GET", url, form)
        self.assertRefused(response, (404,))
        self.assertNothingLeaked(response)

    @FUZZ_SETTINGS
    @given(
        report_type=st.one_of(st.none(), short_text(), st.sampled_from(["text", "qweb-pdf"])),
        download=st.one_of(st.none(), short_text()),
    )
    def test_fuzz_own_statement_parameters(self, report_type, download):
        form = {}
        if report_type is not None:
            form["report_type"] = report_type
        if download is not None:
            form["download"] = download
        response = self.send("GET", f"/my/stall/statements/{self.settlement_a.id}", form)
        self.assertNotCrashed(response)
        self.assertNothingLeaked(response)

    @FUZZ_SETTINGS
    @given(
        page=st.sampled_from(["", "/page/0", "/page/2", "/page/2147483648", "/page/" + "9" * 30]),
        junk=st.one_of(st.none(), short_text()),
    )
    def test_fuzz_statement_pages_and_sales(self, page, junk):
        form = {} if junk is None else {"month": junk, "stall_id": junk}
        for url in (f"/my/stall/statements{page}", "/my/stall/sales"):
            response = self.send("GET", url, form)
            self.assertNotCrashed(response)
            self.assertNothingLeaked(response)
