"""Bad input on WeChat Pay's routes: whatever a caller sends (a notification that is not
WeChat Pay's, a page or poll with a made-up reference or token), the answer is a 4xx or a
redirect, never a 500, and no transaction changes.

``COVERED_ROUTES`` is read by sports_venue's route coverage check when Arena's addons are
installed together; this suite itself needs only ``payment_wechatpay``."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .. import const
from .common import WeChatPayCommon

COVERED_ROUTES = {
    const.NOTIFY_ROUTE,
    const.QR_ROUTE,
    const.JSAPI_ROUTE,
    const.RETURN_ROUTE,
    const.POLL_ROUTE,
}
FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
TEXT = st.one_of(
    st.sampled_from(["", "\x00", "x" * 20000, "<script>", "%s{}", "-1", "NaN"]),
    st.text(max_size=40),
)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Wechatpay-Signature": TEXT.map(lambda t: t.encode("unicode_escape").decode()[:500]),
        "Wechatpay-Serial": st.text(alphabet="0123456789ABCDEF", max_size=40),
        "Wechatpay-Timestamp": st.sampled_from(["", "0", "abc", "99999999999999"]),
        "Wechatpay-Nonce": st.text(alphabet="abcdef0123", max_size=32),
    },
)


@tagged("post_install", "-at_install")
class TestWeChatPayFuzz(WeChatPayCommon):
    def setUp(self):
        super().setUp()
        self.tx = self._create_transaction("redirect", reference="WXFUZZ-1")
        self.tx._get_specific_rendering_values({})
        self.env.flush_all()

    def assertUnchanged(self):
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "draft")

    @given(
        body=st.one_of(
            st.binary(max_size=300),
            st.dictionaries(st.text(max_size=8), TEXT, max_size=4).map(json.dumps).map(str.encode),
            st.just(b'{"resource": {"ciphertext": "AAAA", "nonce": "x", "algorithm": "AEAD"}}'),
        ),
        headers=HEADERS,
    )
    @FUZZ
    def test_notifications_that_are_not_wechat_pays_are_refused(self, body, headers):
        headers = dict(headers, **{"Content-Type": "application/json"})
        response = self.url_open(const.NOTIFY_ROUTE, data=body, headers=headers, method="POST")
        self.assertIn(response.status_code, (400, 401), response.text[:200])
        self.assertUnchanged()

    @given(
        route=st.sampled_from([const.QR_ROUTE, const.JSAPI_ROUTE, const.RETURN_ROUTE]),
        reference=st.one_of(st.just("WXFUZZ-1"), TEXT),
        token=TEXT,
    )
    @FUZZ
    def test_payer_pages_with_a_wrong_reference_or_token_are_not_found(
        self, route, reference, token
    ):
        response = self.url_open(
            route, params={"reference": reference, "access_token": token}, allow_redirects=False
        )
        self.assertLess(response.status_code, 500, response.text[:200])
        self.assertNotEqual(response.status_code, 200)
        self.assertUnchanged()

    @given(reference=st.one_of(st.just("WXFUZZ-1"), TEXT), token=TEXT)
    @FUZZ
    def test_polling_with_a_wrong_reference_or_token_says_nothing(self, reference, token):
        response = self.url_open(
            const.POLL_ROUTE,
            data=json.dumps({"params": {"reference": reference, "access_token": token}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        self.assertNotIn("result", answer, answer)
        self.assertUnchanged()
