"""Bad input on Alipay's routes: a notification or a return that is not Alipay's (unsigned,
badly signed, malformed) gets "failure" or the status page, never a 500, and no transaction
changes.

``COVERED_ROUTES`` is read by sports_venue's route coverage check when Arena's addons are
installed together; this suite itself needs only ``payment_alipay_cn``."""

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged

from ..models.payment_transaction import NOTIFY_URL, RETURN_URL
from .common import AlipayFixture

COVERED_ROUTES = {NOTIFY_URL, RETURN_URL}
FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
TEXT = st.one_of(
    st.sampled_from(["", "\x00", "x" * 20000, "NaN", "-1", "%%%not base64", "<script>"]),
    st.text(max_size=40),
)
FIELDS = ["out_trade_no", "trade_no", "trade_status", "total_amount", "app_id", "seller_id"]


def forms():
    """Alipay-shaped forms about the test trade, with made-up values and signatures."""
    return st.fixed_dictionaries(
        {"out_trade_no": st.one_of(st.just("SO-FUZZ"), TEXT)},
        optional={
            **dict.fromkeys(FIELDS[1:], TEXT),
            "trade_status": st.sampled_from(["TRADE_SUCCESS", "TRADE_FINISHED", "?"]),
            "sign": TEXT,
            "sign_type": st.sampled_from(["RSA2", "RSA", ""]),
        },
    )


@tagged("post_install", "-at_install")
class TestAlipayFuzz(AlipayFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_alipay()

    def setUp(self):
        super().setUp()
        self.tx = self.make_tx("SO-FUZZ")
        self.env.flush_all()

    def assertUnchanged(self):
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "draft")

    @given(form=forms())
    @FUZZ
    def test_notifications_that_are_not_alipays_answer_failure(self, form):
        response = self.url_open(NOTIFY_URL, data=form, method="POST")
        self.assertEqual((response.status_code, response.text), (200, "failure"), form)
        self.assertUnchanged()

    @given(form=forms())
    @FUZZ
    def test_returns_that_are_not_alipays_show_the_status_page(self, form):
        response = self.url_open(
            f"{RETURN_URL}?{requests.compat.urlencode(form)}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303), response.text[:200])
        self.assertUnchanged()
