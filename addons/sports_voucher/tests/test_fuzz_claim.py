"""Bad input on the claim routes: malformed ids, phones, names and codes get a page with a
message or a 4xx, never a crash, and nothing is claimed or verified."""

import json

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_fuzz import (
    BAD_IDS,
    BAD_TEXTS,
    FUZZ_SETTINGS,
    PortalFuzzCase,
    bad_text,
)

from .claim_common import ClaimFixture

CLAIM_ROUTES = {
    "/my/vouchers",
    "/my/vouchers/claim/<int:batch_id>",
    "/my/vouchers/claim/<int:batch_id>/json",
    "/my/vouchers/verify",
    "/my/vouchers/verify/send",
    "/sports_voucher/bench/naive_claim/<int:batch_id>",
}
PASSWORD = "Voucher-Fuzz-Pass-1"


@tagged("post_install", "-at_install")
class TestFuzzClaim(ClaimFixture, PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpClaimFixture(cls.env)
        cls.user = new_test_user(
            cls.env, login="voucher_fuzz", password=PASSWORD, groups="base.group_portal"
        )
        # Verification and stock are fuzzed apart: nothing may be claimed below.
        cls.campaign.state = "closed"

    def setUp(self):
        super().setUp()
        self.authenticate(self.user.login, PASSWORD)
        self.env["sports.voucher.throttle"].search([]).unlink()

    def assertNothingClaimed(self):
        self.assertFalse(
            self.env["sports.voucher"].search([("partner_id", "=", self.user.partner_id.id)])
        )
        self.assertFalse(self.user.partner_id.sports_verified_phone)

    @FUZZ_SETTINGS
    @given(
        batch=st.sampled_from(
            [i for i in BAD_IDS if 0 < len(i) < 1000 and "\x00" not in i] + ["theirs", "-5"]
        ),
        junk=st.one_of(st.none(), bad_text()),
    )
    def test_fuzz_claim_ids(self, batch, junk):
        batch_id = self.batch.id if batch == "theirs" else batch
        response = self.send(
            "POST", f"/my/vouchers/claim/{batch_id}", {} if junk is None else {"x": junk}
        )
        self.assertRefused(response, (400, 404, 405, 422))
        self.assertNothingClaimed()

    @FUZZ_SETTINGS
    @given(
        batch=st.sampled_from(
            [i for i in BAD_IDS if 0 < len(i) < 1000 and "\x00" not in i] + ["theirs", "-5"]
        ),
        params=st.one_of(
            st.none(),
            st.dictionaries(
                st.sampled_from(["batch_id", "partner_id", "code", "x"]), bad_text(), max_size=3
            ),
        ),
    )
    def test_fuzz_claim_json(self, batch, params):
        """The claim button's JSON route: a 404 (an id that is no number), or a refusal in
        its answer; the URL's id wins over any ``batch_id`` in the body."""
        batch_id = self.batch.id if batch == "theirs" else batch
        url = f"/my/vouchers/claim/{batch_id}/json"
        body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params or {}}
        self._fuzz_sent = f"POST {url} {body!r}"[:600]
        response = self.url_open(
            url,
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
            allow_redirects=False,
            timeout=60,
        )
        self.assertNotCrashed(response)
        if response.status_code == 404:
            self.assertNothingClaimed()
            return
        answer = response.json()
        context = self._fuzz_context(response)
        # A missing release or the fixture's closed campaign: a refusal in words, never a
        # code, never a JSON-RPC error.
        self.assertNotIn("error", answer, context)
        self.assertTrue(answer["result"]["error"], context)
        self.assertNotIn("code", answer["result"], context)
        self.assertNothingClaimed()

    @FUZZ_SETTINGS
    @given(
        phone=st.one_of(
            st.sampled_from(BAD_TEXTS + ["", "12345", "+1 415 555 0100"]), st.text(max_size=40)
        ),
        real_name=st.one_of(st.none(), bad_text()),
    )
    def test_fuzz_send_code(self, phone, real_name):
        form = {"phone": phone}
        if real_name is not None:
            form["real_name"] = real_name
        response = self.send("POST", "/my/vouchers/verify/send", form)
        self.assertNotCrashed(response)
        self.assertNothingClaimed()

    @FUZZ_SETTINGS
    @given(
        code=st.one_of(
            st.sampled_from(BAD_TEXTS + ["", "000000", "1e5", "１２３４５６"]), st.text(max_size=12)
        ),
        real_name=st.one_of(st.sampled_from(BAD_TEXTS), st.text(max_size=70)),
    )
    def test_fuzz_verify(self, code, real_name):
        response = self.send("POST", "/my/vouchers/verify", {"code": code, "real_name": real_name})
        self.assertRefused(response, (422,), alert="o_voucher_error")
        self.assertNothingClaimed()

    @FUZZ_SETTINGS
    @given(
        claimed=st.one_of(
            st.sampled_from([t for t in BAD_TEXTS if len(t) < 1000]), st.text(max_size=40)
        )
    )
    def test_fuzz_my_vouchers(self, claimed):
        response = self.send("GET", "/my/vouchers", {"claimed": claimed})
        self.assertNotCrashed(response)
        self.assertNotIn("o_voucher_claimed", response.text)


@tagged("post_install", "-at_install")
class TestFuzzClaimBench(ClaimFixture, PortalFuzzCase):
    """The benchmark's naive claim is not there unless the benchmark switched it on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpClaimFixture(cls.env)
        cls.user = new_test_user(
            cls.env, login="voucher_fuzz_b", password=PASSWORD, groups="base.group_portal"
        )

    def test_naive_claim_is_off_outside_the_benchmark(self):
        self.authenticate(self.user.login, PASSWORD)
        for batch_id in (self.batch.id, 0, 2147483648):
            response = self.send("POST", f"/sports_voucher/bench/naive_claim/{batch_id}")
            self.assertRefused(response, (404,))
        self.assertFalse(
            self.env["sports.voucher"].search([("partner_id", "=", self.user.partner_id.id)])
        )
