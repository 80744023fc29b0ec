import secrets
import unittest
import uuid

from odoo import fields

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

AUTH_CODE = "134567890123456789"


def add_code_method(config, name, provider, journal):
    """A "payment code" method of ``provider`` on the POS ``config``."""
    method = config.env["pos.payment.method"].create(
        {
            "name": name,
            "payment_method_type": "terminal",
            "use_payment_terminal": "payment_code",
            "payment_code_provider_id": provider.id,
            "journal_id": journal.id,
            "company_id": config.company_id.id,
        }
    )
    config.write({"payment_method_ids": [fields.Command.link(method.id)]})
    return method


class PaymentCodeCommon(TestPointOfSaleHttpCommon):
    """A POS with a "WeChat Pay code" method whose provider talks to a local fake WeChat
    Pay API v2. WeChat Pay is the provider with payment codes Arena ships: without
    ``payment_wechatpay`` installed, these tests skip themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "wechatpay_api_v2_key" not in cls.env["payment.provider"]._fields:
            raise unittest.SkipTest("payment_wechatpay is not installed")
        from odoo.addons.payment_wechatpay.tests.wechatpay_keys import (  # noqa: PLC0415
            generate_rsa_key,
            private_key_pem,
            public_key_pem,
        )
        from odoo.addons.payment_wechatpay.tests.wechatpay_v2_server import (  # noqa: PLC0415
            FakeWeChatPayV2,
        )

        cls.server = FakeWeChatPayV2().start()
        cls.addClassCleanup(cls.server.stop)
        company = cls.main_pos_config.company_id
        cny = cls.env.ref("base.CNY")
        cny.active = True
        company.currency_id = cny
        cls.main_pos_config.use_pricelist = False
        cls.currency = cny
        platform_key = generate_rsa_key()
        template = cls.env.ref("payment_wechatpay.payment_provider_wechatpay").sudo()
        cls.provider = template.copy(
            {"company_id": company.id, "name": "WeChat Pay (desk test)"}
        ).sudo(False)
        cls.provider.write(
            {
                "state": "test",
                "wechatpay_mch_id": cls.server.mch_id,
                "wechatpay_app_id": cls.server.app_id,
                "wechatpay_api_v2_key": cls.server.api_v2_key,
                "wechatpay_api_v3_key": secrets.token_hex(16),
                "wechatpay_private_key": private_key_pem(generate_rsa_key()),
                "wechatpay_cert_serial_no": secrets.token_hex(20).upper(),
                "wechatpay_platform_cert": public_key_pem(platform_key),
                "wechatpay_platform_serial": "PUB_KEY_ID_" + secrets.token_hex(8),
                "wechatpay_api_url": cls.server.url,
            }
        )
        cls.code_method = add_code_method(
            cls.main_pos_config, "WeChat Pay code", cls.provider, cls.bank_journal
        )
        cls.Trade = cls.env["pos.payment.code.trade"]

    def setUp(self):
        super().setUp()
        self.server.micropay_answer = "SUCCESS"
        self.server.confirm_after = 2
        self.server.orders.clear()
        self.server.refunds.clear()
        self.server.calls.clear()

    def open_session(self, register=True):
        """The desk's session, its register opened unless not ``register`` (the tour
        opens it)."""
        self.main_pos_config.with_user(self.pos_user).open_ui()
        session = self.main_pos_config.current_session_id
        if register:
            session.with_user(self.pos_user).set_opening_control(0, "")
        return session

    def desk(self):
        """The trades' model as the cashier calls it."""
        return self.Trade.with_user(self.pos_user)

    def pay(self, amount=30.0, payment_uuid=None, auth_code=AUTH_CODE):
        payment_uuid = payment_uuid or str(uuid.uuid4())
        result = self.desk().paycode_pay(
            self.main_pos_config.id, self.code_method.id, payment_uuid, amount, auth_code
        )
        return payment_uuid, result

    def trade(self, payment_uuid):
        self.env.invalidate_all()
        return self.Trade.search([("payment_uuid", "=", payment_uuid)], order="id desc", limit=1)
