from odoo.fields import Command

from .alipay_server import FakeAlipay, generate_key_pair

APP_ID = "2021000000000001"


class AlipayFixture:
    """The Alipay provider, in test mode, pointed at a fake gateway with fresh keys."""

    @classmethod
    def setup_alipay(cls):
        cls.app_private_key, cls.app_public_key = generate_key_pair()
        cls.fake = FakeAlipay(app_id=APP_ID, app_public_key=cls.app_public_key).start()
        cls.addClassCleanup(cls.fake.stop)
        cls.cny = cls.env.ref("base.CNY")
        cls.cny.active = True
        cls.alipay_method = cls.env.ref("payment.payment_method_alipay")
        cls.provider = cls.env.ref("payment_alipay_cn.payment_provider_alipay_cn")
        cls.provider.write(
            {
                "state": "test",
                "company_id": cls.env.company.id,
                "alipay_cn_app_id": APP_ID,
                "alipay_cn_seller_id": cls.fake.seller_id,
                "alipay_cn_private_key": cls.app_private_key,
                "alipay_cn_public_key": cls.fake.alipay_public_key,
                "alipay_cn_gateway": cls.fake.gateway_url,
                "payment_method_ids": [Command.set(cls.alipay_method.ids)],
            }
        )
        cls.alipay_method.active = True  # once a provider supports it
        cls.partner = cls.env["res.partner"].create({"name": "Li Lei", "email": "li@example.com"})

    def setUp(self):
        super().setUp()
        # Every test starts with a fresh gateway state.
        self.fake.trades.clear()
        self.fake.calls.clear()
        self.fake.notifications.clear()
        self.fake.pay_scenario = "success"
        self.fake.scenario_by_auth_code.clear()
        self.fake.send_notifications = True
        self.fake.drop_answers = 0
        self.fake.answer_key = self.fake.alipay_private_key

    def make_tx(self, reference, amount=88.0, **values):
        return self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.alipay_method.id,
                "reference": reference,
                "amount": amount,
                "currency_id": self.cny.id,
                "partner_id": self.partner.id,
                "operation": "online_redirect",
                **values,
            }
        )
