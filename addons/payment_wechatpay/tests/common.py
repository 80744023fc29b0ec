import secrets

from odoo.fields import Command
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from odoo.addons.payment.tests.http_common import PaymentHttpCommon
from odoo.addons.payment_wechatpay.tests.wechatpay_keys import generate_rsa_key, private_key_pem
from odoo.addons.payment_wechatpay.tests.wechatpay_server import FakeWeChatPay


class WeChatPayCommon(PaymentHttpCommon):
    """A WeChat Pay provider in test mode against a local fake WeChat Pay (API v3).

    The merchant key and the platform key are generated here, at runtime; the fake server
    trusts the merchant's public key and the provider trusts the server's platform certificate,
    exactly as a real merchant account is set up (see docs/payments.md).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wechatpay_server = FakeWeChatPay().start()
        cls.addClassCleanup(cls.wechatpay_server.stop)

        cls.merchant_key = generate_rsa_key()
        cls.merchant_serial = secrets.token_hex(20).upper()
        cls.wechatpay_server.set_merchant(cls.merchant_key.public_key(), cls.merchant_serial)

        cls.reference = "WXTEST-0001"
        cls.currency_cny = cls._enable_currency("CNY")
        cls.currency = cls.currency_cny
        cls.amount = 1111.11
        cls.wechatpay = cls._prepare_provider(
            "wechatpay",
            update_values=cls._wechatpay_provider_values(cls.wechatpay_server),
        )
        cls.provider = cls.wechatpay
        cls.payment_method = cls.env.ref("payment.payment_method_wechat_pay")
        cls.payment_method.active = True
        cls.payment_method_id = cls.payment_method.id

    @classmethod
    def _wechatpay_provider_values(cls, server):
        return {
            "wechatpay_mch_id": server.mch_id,
            "wechatpay_app_id": server.app_id,
            "wechatpay_api_v3_key": server.api_v3_key,
            "wechatpay_api_v2_key": secrets.token_hex(16),
            "wechatpay_private_key": private_key_pem(cls.merchant_key),
            "wechatpay_cert_serial_no": cls.merchant_serial,
            "wechatpay_platform_cert": server.platform_cert_pem,
            "wechatpay_platform_serial": server.platform_serial,
            "wechatpay_api_url": server.url,
            "available_currency_ids": [Command.set(cls.currency_cny.ids)],
        }

    def setUp(self):
        super().setUp()
        # The server outlives each test's database rollback: start every test from scratch.
        self.wechatpay_server.reset()
        self.wechatpay_server.cookie_provider = lambda: {
            TEST_CURSOR_COOKIE_NAME: self.http_request_key
        }

    def wechatpay_notify(self, reference, **kwargs):
        """The customer pays and WeChat Pay notifies Odoo (see FakeWeChatPay.notify)."""
        self.env.flush_all()  # the HTTP request reads the database, not this test's cache
        with self.allow_requests():
            return self.wechatpay_server.notify(reference, **kwargs)

    def wechatpay_notify_refund(self, refund_reference, **kwargs):
        """The refund completes and WeChat Pay notifies Odoo."""
        self.env.flush_all()
        with self.allow_requests():
            return self.wechatpay_server.notify_refund(refund_reference, **kwargs)
