import json

import requests

from odoo.tests import tagged

from .common import WeChatPayCommon
from .wechatpay_keys import generate_rsa_key, rsa_sign


@tagged("post_install", "-at_install")
class TestWeChatPaySetup(WeChatPayCommon):
    def test_provider_is_configured_against_the_local_server(self):
        self.assertEqual(self.wechatpay.code, "wechatpay")
        self.assertEqual(self.wechatpay.state, "test")
        self.assertEqual(self.wechatpay.available_currency_ids, self.currency_cny)
        self.assertIn(self.payment_method, self.wechatpay.payment_method_ids)
        self.assertEqual(self.wechatpay.support_refund, "partial")
        self.assertTrue(self.wechatpay.wechatpay_api_url.startswith("http://127.0.0.1:"))

    def test_server_refuses_a_request_signed_with_another_key(self):
        server = self.wechatpay_server
        body = json.dumps({"mchid": server.mch_id})
        path = "/v3/pay/transactions/out-trade-no/NOPE/close"
        signature = rsa_sign(generate_rsa_key(), f"POST\n{path}\n0\nN\n{body}\n")
        auth = (
            f'WECHATPAY2-SHA256-RSA2048 mchid="{server.mch_id}",nonce_str="N",'
            f'signature="{signature}",timestamp="0",serial_no="{self.merchant_serial}"'
        )
        response = requests.post(
            server.url + path, data=body, headers={"Authorization": auth}, timeout=10
        )
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["code"], "SIGN_ERROR")
