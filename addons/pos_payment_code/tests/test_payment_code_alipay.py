import unittest
import uuid
from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import add_code_method

ALIPAY_CODE = "281234567890123456"


@tagged("post_install", "-at_install")
class TestPaymentCodeAlipay(TestPointOfSaleHttpCommon):
    """The desk's payment code through Alipay (当面付) against the local fake Alipay
    gateway of ``payment_alipay_cn``, which checks RSA2 signatures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "alipay_cn_app_id" not in cls.env["payment.provider"]._fields:
            raise unittest.SkipTest("payment_alipay_cn is not installed")
        from odoo.addons.payment_alipay_cn.tests.alipay_server import (  # noqa: PLC0415
            FakeAlipay,
            generate_key_pair,
        )
        from odoo.addons.payment_alipay_cn.tests.common import APP_ID  # noqa: PLC0415

        company = cls.main_pos_config.company_id
        cls.env.ref("base.CNY").active = True
        company.currency_id = cls.env.ref("base.CNY")
        cls.main_pos_config.use_pricelist = False
        private_key, public_key = generate_key_pair()
        cls.fake = FakeAlipay(app_id=APP_ID, app_public_key=public_key).start()
        cls.addClassCleanup(cls.fake.stop)
        template = cls.env.ref("payment_alipay_cn.payment_provider_alipay_cn").sudo()
        cls.provider = template.copy({"company_id": company.id, "name": "Alipay (desk test)"})
        cls.provider.write(
            {
                "state": "test",
                "alipay_cn_app_id": APP_ID,
                "alipay_cn_seller_id": cls.fake.seller_id,
                "alipay_cn_private_key": private_key,
                "alipay_cn_public_key": cls.fake.alipay_public_key,
                "alipay_cn_gateway": cls.fake.gateway_url,
            }
        )
        cls.provider = cls.provider.sudo(False)
        cls.code_method = add_code_method(
            cls.main_pos_config, "Alipay code", cls.provider, cls.bank_journal
        )
        cls.Trade = cls.env["pos.payment.code.trade"]

    def setUp(self):
        super().setUp()
        self.fake.trades.clear()
        self.fake.calls.clear()
        self.fake.pay_scenario = "success"
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.main_pos_config.current_session_id.with_user(self.pos_user).set_opening_control(0, "")

    def desk(self):
        return self.Trade.with_user(self.pos_user)

    def pay(self, amount, payment_uuid=None):
        payment_uuid = payment_uuid or str(uuid.uuid4())
        return payment_uuid, self.desk().paycode_pay(
            self.main_pos_config.id, self.code_method.id, payment_uuid, amount, ALIPAY_CODE
        )

    def trade(self, payment_uuid):
        self.env.invalidate_all()
        return self.Trade.search([("payment_uuid", "=", payment_uuid)], order="id desc", limit=1)

    def test_alipay_code_confirmed_on_the_phone_then_refunded(self):
        self.fake.pay_scenario = "wait"
        self.fake.confirm_after_queries = 1
        payment_uuid, result = self.pay(25.0)
        self.assertEqual(result["state"], "pending")
        result = self.desk().paycode_poll(payment_uuid)
        self.assertEqual(result["state"], "done")
        trade = self.trade(payment_uuid)
        self.assertEqual(self.fake.trades[trade.reference]["status"], "TRADE_SUCCESS")
        self.assertEqual(self.fake.trades[trade.reference]["total_amount"], "25.00")
        refund = self.desk().paycode_refund(
            self.main_pos_config.id, self.code_method.id, str(uuid.uuid4()), 5.0, payment_uuid
        )
        self.assertEqual(refund["state"], "done")
        self.assertEqual(self.fake.refunded(trade.reference), Decimal("5.00"))

    def test_alipay_code_not_confirmed_in_time_is_cancelled(self):
        self.fake.pay_scenario = "never"
        payment_uuid, result = self.pay(18.0)
        self.assertEqual(result["state"], "pending")
        trade = self.trade(payment_uuid)
        trade.sudo().deadline = fields.Datetime.now() - timedelta(seconds=1)
        self.env.flush_all()
        self.assertEqual(self.desk().paycode_poll(payment_uuid)["state"], "cancelled")
        self.assertEqual(self.fake.trades[trade.reference]["status"], "TRADE_CLOSED")
