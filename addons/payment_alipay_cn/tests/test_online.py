from datetime import timedelta
from decimal import Decimal

import requests
from lxml import html as lxml_html

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL
from odoo.tools import hmac as hmac_tool

from .alipay_server import generate_key_pair
from .common import AlipayFixture

NOTIFY = "/payment/alipay_cn/notify"


@tagged("post_install", "-at_install")
class TestAlipayOnline(AlipayFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_alipay()

    def setUp(self):
        super().setUp()
        self.fake.notify_cookies = lambda: {"test_request_key": self.http_request_key}

    def open_cashier(self, tx):
        """Render the redirect form like the checkout does and post it to the gateway."""
        form = lxml_html.fromstring(tx._get_processing_values()["redirect_form_html"])
        inputs = {i.get("name"): i.get("value") for i in form.iter("input")}
        response = requests.post(form.get("action"), data=inputs, timeout=10)
        self.assertEqual(response.status_code, 200)
        return form.get("action"), inputs, response.text

    def pay_in_cashier(self, tx):
        """The buyer presses "pay"; the browser follows Alipay back to Odoo."""
        return self.url_open(
            f"{self.fake.base_url}/cashier/pay", data={"out_trade_no": tx.reference}
        )

    def notify(self, params):
        return self.url_open(NOTIFY, data=params).text

    def test_page_pay_opens_the_signed_cashier_and_the_notification_confirms(self):
        tx = self.make_tx("SO-A1", amount=88.0)
        action, inputs, page = self.open_cashier(tx)
        self.assertEqual(action, self.fake.gateway_url)
        self.assertEqual(inputs["method"], "alipay.trade.page.pay")
        self.assertTrue(inputs["notify_url"].endswith(NOTIFY))
        self.assertIn("FAST_INSTANT_TRADE_PAY", page)
        self.assertEqual(self.fake.trades["SO-A1"]["total_amount"], "88.00")
        self.pay_in_cashier(tx)
        self.assertEqual([answer for _params, answer in self.fake.notifications], ["success"])
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.provider_reference, self.fake.trades["SO-A1"]["trade_no"])

    def test_a_tampered_redirect_form_is_refused_by_alipay(self):
        tx = self.make_tx("SO-A2")
        form = lxml_html.fromstring(tx._get_processing_values()["redirect_form_html"])
        inputs = {i.get("name"): i.get("value") for i in form.iter("input")}
        inputs["biz_content"] = inputs["biz_content"].replace("88.00", "0.01")
        response = requests.post(form.get("action"), data=inputs, timeout=10)
        self.assertIn("isv.invalid-signature", response.text)
        self.assertFalse(self.fake.trades)

    def test_the_same_notification_twice_confirms_once(self):
        tx = self.make_tx("SO-A3")
        self.open_cashier(tx)
        self.fake.send_notifications = False
        self.fake.pay_in_cashier("SO-A3")
        params = self.fake.notification_for("SO-A3")
        self.assertEqual(self.notify(params), "success")
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")
        confirmed_at = tx.last_state_change
        self.env.cr.execute(
            SQL(
                "UPDATE payment_transaction SET last_state_change = %s WHERE id = %s",
                confirmed_at - timedelta(minutes=1),
                tx.id,
            )
        )
        self.assertEqual(self.notify(params), "success")
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.last_state_change, confirmed_at - timedelta(minutes=1))

    def test_forged_notifications_are_refused_and_change_nothing(self):
        tx = self.make_tx("SO-A4")
        self.open_cashier(tx)
        self.fake.trades["SO-A4"]["status"] = "TRADE_SUCCESS"
        genuine = self.fake.notification_for("SO-A4")
        forged_amount = dict(genuine, total_amount="0.01")
        self.assertEqual(self.notify(forged_amount), "failure")
        other_key, _public = generate_key_pair()
        forged_key = self.fake.sign_notification(dict(genuine), key=other_key)
        self.assertEqual(self.notify(forged_key), "failure")
        unsigned = {k: v for k, v in genuine.items() if k != "sign"}
        self.assertEqual(self.notify(unsigned), "failure")
        other_app = self.fake.notification_for("SO-A4", app_id="2021999999999999")
        self.assertEqual(self.notify(other_app), "failure")
        other_seller = self.fake.notification_for("SO-A4", seller_id="2088999999999999")
        self.assertEqual(self.notify(other_seller), "failure")
        unknown = self.fake.sign_notification(dict(genuine, out_trade_no="SO-NOPE"))
        self.assertEqual(self.notify(unknown), "failure")
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "draft")

    def test_a_signed_notification_with_another_amount_puts_the_payment_in_error(self):
        tx = self.make_tx("SO-A5", amount=88.0)
        self.open_cashier(tx)
        self.fake.trades["SO-A5"].update(status="TRADE_SUCCESS", total_amount="8.00")
        self.notify(self.fake.notification_for("SO-A5"))
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "error")

    def test_the_return_page_queries_when_the_notification_is_late(self):
        tx = self.make_tx("SO-A6")
        self.open_cashier(tx)
        self.fake.send_notifications = False
        response = self.pay_in_cashier(tx)
        self.assertTrue(response.url.endswith("/payment/status"), response.url)
        self.assertIn("alipay.trade.query", [method for method, _biz in self.fake.calls])
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")

    def test_a_forged_return_does_not_query_or_confirm(self):
        tx = self.make_tx("SO-A7")
        self.open_cashier(tx)
        self.fake.trades["SO-A7"]["status"] = "TRADE_SUCCESS"
        params = dict(self.fake.return_params("SO-A7"), total_amount="1.00")
        self.url_open("/payment/alipay_cn/return?" + requests.compat.urlencode(params))
        self.assertNotIn("alipay.trade.query", [method for method, _biz in self.fake.calls])
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "draft")

    def test_refunds_go_through_the_refund_api_once_per_refund_reference(self):
        tx = self.make_tx("SO-A8", amount=100.0)
        self.fake.add_trade("SO-A8", "100.00")
        tx._set_done()
        refund = tx._refund(amount_to_refund=30.0)
        self.assertEqual(refund.state, "done", refund.state_message)
        self.assertEqual(self.fake.trades["SO-A8"]["refunds"], {refund.reference: Decimal("30.00")})
        refund._send_refund_request()  # a retry of the same refund
        self.assertEqual(self.fake.refunded("SO-A8"), Decimal("30.00"))
        too_much = tx._refund(amount_to_refund=80.0)
        self.assertEqual(too_much.state, "error")
        self.assertEqual(self.fake.refunded("SO-A8"), Decimal("30.00"))
        self.assertEqual(tx.provider_id.support_refund, "partial")

    def test_the_cron_confirms_paid_trades_and_closes_expired_ones(self):
        paid, expired, fresh = (self.make_tx(ref) for ref in ("SO-C1", "SO-C2", "SO-C3"))
        for tx in (paid, expired, fresh):
            self.open_cashier(tx)
        self.fake.send_notifications = False
        self.fake.pay_in_cashier("SO-C1")
        self.fake.pay_in_cashier("SO-C3")
        now = fields.Datetime.now()
        for tx, age in ((paid, 10), (expired, 60), (fresh, 1)):
            self.env.cr.execute(
                SQL(
                    "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
                    now - timedelta(minutes=age),
                    tx.id,
                )
            )
        self.env.invalidate_all()
        self.env["payment.transaction"]._cron_alipay_cn_reconcile()
        self.env.invalidate_all()
        self.assertEqual(paid.state, "done")
        self.assertEqual(expired.state, "cancel")
        self.assertEqual(self.fake.trades["SO-C2"]["status"], "TRADE_CLOSED")
        self.assertEqual(fresh.state, "draft")  # left to its notification

    def start_checkout(self, user_agent):
        """Create a transaction through the payment form's JSON route, as a browser would."""
        amount, currency_id, partner_id = 66.0, self.cny.id, self.partner.id
        token = hmac_tool(
            self.env(su=True), "generate_access_token", f"{partner_id}|{amount}|{currency_id}"
        )
        response = self.url_open(
            "/payment/transaction",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.alipay_method.id,
                    "token_id": None,
                    "amount": amount,
                    "currency_id": currency_id,
                    "partner_id": partner_id,
                    "access_token": token,
                    "flow": "redirect",
                    "tokenization_requested": False,
                    "landing_route": "/payment/status",
                },
            },
            headers={"User-Agent": user_agent},
        )
        result = response.json()["result"]
        form = lxml_html.fromstring(result["redirect_form_html"])
        return result["reference"], {i.get("name"): i.get("value") for i in form.iter("input")}

    def test_computers_get_page_pay_and_phones_get_wap_pay(self):
        _ref, desktop = self.start_checkout(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
        )
        self.assertEqual(desktop["method"], "alipay.trade.page.pay")
        self.assertIn('"product_code":"FAST_INSTANT_TRADE_PAY"', desktop["biz_content"])
        reference, phone = self.start_checkout(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
        )
        self.assertEqual(phone["method"], "alipay.trade.wap.pay")
        self.assertIn('"product_code":"QUICK_WAP_WAY"', phone["biz_content"])
        page = requests.post(self.fake.gateway_url, data=phone, timeout=10).text
        self.assertIn("QUICK_WAP_WAY", page)
        self.url_open(f"{self.fake.base_url}/cashier/pay", data={"out_trade_no": reference})
        tx = self.env["payment.transaction"].search([("reference", "=", reference)])
        self.assertEqual(tx.state, "done")

    def test_only_cny_is_offered(self):
        self.assertEqual(self.provider.available_currency_ids.mapped("name"), ["CNY"])
        usd_tx = self.make_tx("SO-USD", currency_id=self.env.ref("base.USD").id)
        with self.assertRaises(ValidationError):
            usd_tx._get_processing_values()

    def test_malformed_notifications_and_returns_never_fail_the_server(self):
        tx = self.make_tx("SO-F1")
        genuine = self.fake.sign_notification({"out_trade_no": "SO-F1", "app_id": "x"})
        for data in (
            {},
            {"out_trade_no": ""},
            {"out_trade_no": "SO-F1"},
            {"out_trade_no": "SO-F1", "sign": "%%%not base64"},
            {"out_trade_no": "SO-F1", "sign": genuine["sign"], "sign_type": "RSA"},
            {"out_trade_no": "SO-F1" * 200, "total_amount": "abc"},
            dict(genuine, total_amount="NaN"),
        ):
            response = self.url_open(NOTIFY, data=data, method="POST")
            self.assertEqual((response.status_code, response.text), (200, "failure"), data)
            response = self.url_open("/payment/alipay_cn/return?" + requests.compat.urlencode(data))
            self.assertEqual(response.status_code, 200, data)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "draft")
