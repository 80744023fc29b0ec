from odoo.tests import tagged

from .common import WeChatPayCommon
from .wechatpay_v2_server import FakeWeChatPayV2

CODE = "134567890123456789"


@tagged("post_install", "-at_install")
class TestWeChatPayMicropay(WeChatPayCommon):
    """The desk's payment code contract (``_wechatpay_paycode_*``) against a local fake
    WeChat Pay API v2 that checks the HMAC-SHA256 signatures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.v2 = FakeWeChatPayV2(
            mch_id=cls.wechatpay_server.mch_id, app_id=cls.wechatpay_server.app_id
        )
        cls.v2.start()
        cls.addClassCleanup(cls.v2.stop)
        cls.wechatpay.write(
            {"wechatpay_api_v2_key": cls.v2.api_v2_key, "wechatpay_api_url": cls.v2.url}
        )

    def setUp(self):
        super().setUp()
        self.v2.orders.clear()
        self.v2.refunds.clear()
        self.v2.calls.clear()
        self.v2.micropay_answer = "SUCCESS"
        self.v2.confirm_after = 2
        self.v2.answer_key = None

    def pay(self, reference="DESK-1", amount=12.3):
        return self.wechatpay._wechatpay_paycode_pay(
            reference=reference,
            amount=amount,
            currency=self.currency_cny,
            auth_code=CODE,
            subject="Badminton court",
        )

    def test_a_paid_order_sent_again_is_orderpaid_then_queried_done(self):
        first = self.pay()
        self.assertEqual(first["state"], "done")
        self.assertEqual(self.v2.orders["DESK-1"]["total_fee"], 1230)
        again = self.pay()
        self.assertEqual(again["state"], "pending", "ORDERPAID: the caller queries")
        self.assertEqual(len(self.v2.orders), 1)
        query = self.wechatpay._wechatpay_paycode_query(reference="DESK-1")
        self.assertEqual(query["state"], "done")
        self.assertEqual(query["provider_reference"], first["provider_reference"])

    def test_systemerror_is_unknown_and_an_invalid_code_is_refused(self):
        self.v2.micropay_answer = "SYSTEMERROR"
        self.assertEqual(self.pay("DESK-2")["state"], "pending")
        self.v2.micropay_answer = "AUTH_CODE_INVALID"
        refused = self.pay("DESK-3")
        self.assertEqual(refused["state"], "error")
        self.assertNotIn("DESK-3", self.v2.orders)

    def test_a_forged_answer_is_not_believed(self):
        self.v2.answer_key = "f" * 32
        result = self.pay("DESK-4")
        self.assertEqual(result["state"], "pending", "an answer we cannot trust is no success")
        self.assertIsNone(result["provider_reference"])

    def test_no_answer_is_unknown(self):
        self.wechatpay.wechatpay_api_url = "http://127.0.0.1:9"  # nothing listens there
        self.assertEqual(self.pay("DESK-5")["state"], "pending")

    def test_reverse_and_refund(self):
        self.pay("DESK-6", amount=50.0)
        refund = self.wechatpay._wechatpay_paycode_refund(
            reference="DESK-6", refund_reference="R-1", amount=20.0, currency=self.currency_cny
        )
        self.assertEqual(refund["state"], "done")
        self.assertEqual(self.v2.refunds["R-1"]["refund_fee"], 2000)
        too_much = self.wechatpay._wechatpay_paycode_refund(
            reference="DESK-6", refund_reference="R-2", amount=40.0, currency=self.currency_cny
        )
        self.assertEqual(too_much["state"], "error")
        self.v2.micropay_answer = "USERPAYING"
        self.v2.confirm_after = None
        self.assertEqual(self.pay("DESK-7")["state"], "pending")
        cancelled = self.wechatpay._wechatpay_paycode_cancel(reference="DESK-7")
        self.assertEqual(cancelled["state"], "cancelled")
        self.assertEqual(self.v2.orders["DESK-7"]["state"], "REVOKED")
        unknown = self.wechatpay._wechatpay_paycode_cancel(reference="NEVER-SENT")
        self.assertEqual(unknown["state"], "cancelled")
