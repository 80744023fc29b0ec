import datetime
import logging
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives.serialization import Encoding

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import WeChatPayCommon
from .wechatpay_keys import generate_rsa_key, private_key_pem, public_key_pem, self_signed_cert

FEN = 111111  # WeChatPayCommon.amount, 1111.11 CNY


@tagged("post_install", "-at_install")
class TestWeChatPayFlows(WeChatPayCommon):
    def _native_tx(self, **values):
        """A transaction whose Native order is placed at the fake WeChat Pay."""
        tx = self._create_transaction("redirect", **values)
        tx._get_specific_rendering_values({})
        return tx

    def _token(self, tx):
        return self._generate_test_access_token(tx.reference)

    def _age(self, tx, minutes):
        tx.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
                datetime.datetime.now() - datetime.timedelta(minutes=minutes),
                tx.id,
            )
        )
        tx.invalidate_recordset()

    # === ORDERS === #

    def test_native_order_is_signed_and_in_fen(self):
        tx = self._native_tx()
        order = self.wechatpay_server.orders[tx.reference]
        self.assertEqual(order["trade_type"], "NATIVE")
        self.assertEqual(order["amount"], {"total": FEN, "currency": "CNY"})
        self.assertTrue(order["notify_url"].endswith("/payment/wechatpay/notify"))
        self.assertEqual(tx.wechatpay_trade_type, "native")
        self.assertTrue(tx.wechatpay_code_url.startswith("weixin://wxpay/bizpayurl?pr="))
        self.assertEqual(tx.state, "draft")

    def test_other_currencies_are_refused(self):
        tx = self._create_transaction("redirect", currency_id=self.currency_euro.id)
        with self.assertRaisesRegex(ValidationError, "CNY only"):
            tx._get_specific_rendering_values({})
        self.assertNotIn(tx.reference, self.wechatpay_server.orders)
        with self.assertRaisesRegex(ValidationError, "CNY only"):
            self.wechatpay.available_currency_ids = self.currency_euro

    def test_a_signing_bug_is_refused_by_the_server(self):
        self.wechatpay.wechatpay_private_key = private_key_pem(generate_rsa_key())
        tx = self._create_transaction("redirect")
        with self.assertRaisesRegex(ValidationError, "SIGN_ERROR"):
            tx._get_specific_rendering_values({})
        self.assertNotIn(tx.reference, self.wechatpay_server.orders)

    def test_an_answer_not_signed_by_the_platform_is_refused(self):
        other = generate_rsa_key()
        self.wechatpay.wechatpay_platform_cert = public_key_pem(other)
        tx = self._create_transaction("redirect")
        with self.assertRaisesRegex(ValidationError, "not signed"):
            tx._get_specific_rendering_values({})
        self.assertFalse(tx.wechatpay_code_url)

    def test_a_system_error_is_shown_and_the_next_try_works(self):
        self.wechatpay_server.fail_next("native", "SYSTEMERROR", 500)
        tx = self._create_transaction("redirect")
        with self.assertRaisesRegex(ValidationError, "SYSTEMERROR"):
            tx._get_specific_rendering_values({})
        tx._get_specific_rendering_values({})
        self.assertTrue(tx.wechatpay_code_url)

    def test_an_order_paid_already_is_taken_in(self):
        tx = self._native_tx()
        self.wechatpay_server.pay(tx.reference)
        values = tx._get_specific_rendering_values({})  # ORDERPAID, then a query
        self.assertEqual(values["api_url"], "/payment/status")
        self.assertEqual(tx.state, "done")

    # === NOTIFICATIONS === #

    def test_a_paid_notification_twice_confirms_once(self):
        tx = self._native_tx()
        response = self.wechatpay_notify(tx.reference)
        self.assertEqual(response.status_code, 204)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")
        self.assertEqual(
            tx.provider_reference, self.wechatpay_server.orders[tx.reference]["transaction_id"]
        )
        first_change = tx.last_state_change
        response = self.wechatpay_notify(tx.reference)
        self.assertEqual(response.status_code, 204)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.last_state_change, first_change)

    def test_a_forged_notification_is_refused_and_changes_nothing(self):
        tx = self._native_tx()
        response = self.wechatpay_notify(tx.reference, signing_key=generate_rsa_key())
        self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(response.json()["code"], "FAIL")
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "draft")

        response = self.wechatpay_notify(tx.reference, api_v3_key="0" * 32)
        self.assertEqual(response.status_code, 400)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "draft")

    def test_a_notification_from_another_platform_certificate_is_refused(self):
        tx = self._native_tx()
        key = generate_rsa_key()
        cert = self_signed_cert(key, "other", 7)
        self.wechatpay.wechatpay_platform_cert = cert.public_bytes(Encoding.PEM).decode()
        response = self.wechatpay_notify(tx.reference)
        self.assertEqual(response.status_code, 401)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "draft")

    def test_a_notification_with_another_amount_does_not_confirm(self):
        tx = self._native_tx()

        def cheaper(resource):
            resource["amount"]["total"] = 1
            return resource

        self.wechatpay_notify(tx.reference, tamper=cheaper)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "error")

    # === QUERY, RETURN, RECONCILE === #

    def test_the_return_page_queries_the_payment(self):
        tx = self._native_tx()
        self.wechatpay_server.pay(tx.reference)  # paid, the notification is lost
        response = self.url_open(
            "/payment/wechatpay/return",
            params={"reference": tx.reference, "access_token": self._token(tx)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/payment/status"))
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")

    def test_the_payer_pages_need_the_access_token(self):
        tx = self._native_tx()
        for route in ("qr", "return", "jsapi"):
            response = self.url_open(
                f"/payment/wechatpay/{route}",
                params={"reference": tx.reference, "access_token": "forged"},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 404, route)

    def test_the_qr_page_shows_the_code_and_follows_the_payment(self):
        tx = self._native_tx()
        params = {"reference": tx.reference, "access_token": self._token(tx)}
        response = self.url_open("/payment/wechatpay/qr", params=params)
        self.assertEqual(response.status_code, 200)
        self.assertIn("/report/barcode?barcode_type=QR", response.text)
        self.assertIn("bizpayurl", response.text)
        poll = self.make_jsonrpc_request("/payment/wechatpay/poll", params)
        self.assertEqual(poll, {"state": "draft", "open": True})
        self.wechatpay_notify(tx.reference)
        poll = self.make_jsonrpc_request("/payment/wechatpay/poll", params)
        self.assertEqual(poll, {"state": "done", "open": False})

    def test_the_cron_reconciles_pending_transactions(self):
        paid = self._native_tx(reference="WXPAID")
        unpaid = self._native_tx(reference="WXUNPAID")
        fresh = self._native_tx(reference="WXFRESH")
        self.wechatpay_server.pay(paid.reference)  # notification lost
        self._age(paid, 10)
        self._age(unpaid, 45)
        self.env["payment.transaction"]._cron_wechatpay_reconcile()
        self.assertEqual(paid.state, "done")
        self.assertEqual(unpaid.state, "cancel")
        self.assertEqual(self.wechatpay_server.orders[unpaid.reference]["trade_state"], "CLOSED")
        self.assertEqual(fresh.state, "draft")  # too young to query
        queried = [
            path for _m, path, _b in self.wechatpay_server.requests if "out-trade-no" in path
        ]
        self.assertFalse(any("WXFRESH" in path for path in queried))

    def test_the_cron_takes_in_a_refund_whose_notification_was_lost(self):
        tx = self._native_tx()
        self.wechatpay_notify(tx.reference)
        tx.invalidate_recordset()
        refund = tx._refund(amount_to_refund=10.0)
        self.assertEqual(refund.state, "pending")
        self.wechatpay_server.refunds[refund.reference]["status"] = "SUCCESS"  # no notification
        self._age(refund, 10)
        self.env["payment.transaction"]._cron_wechatpay_reconcile()
        self.assertEqual(refund.state, "done")

    def test_references_are_valid_out_trade_numbers(self):
        Tx = self.env["payment.transaction"]
        self.assertEqual(Tx._compute_reference("wechatpay", prefix="BK/2026 01"), "BK-2026-01")
        self.assertEqual(Tx._compute_reference("wechatpay", prefix="S1"), "WX-S10")
        long_ref = Tx._compute_reference("wechatpay", prefix="X" * 40)
        self.assertLessEqual(len(long_ref), 32)

    # === REFUNDS === #

    def test_a_refund_goes_through_the_refund_api_and_its_notification(self):
        tx = self._native_tx()
        self.wechatpay_notify(tx.reference)
        tx.invalidate_recordset()
        self.assertEqual(tx.state, "done")
        refund = tx._refund(amount_to_refund=100.0)
        self.assertEqual(refund.state, "pending", refund.state_message)
        server_refund = self.wechatpay_server.refunds[refund.reference]
        self.assertEqual(server_refund["amount"], {"refund": 10000, "total": FEN})
        self.assertEqual(refund.provider_reference, server_refund["refund_id"])

        response = self.wechatpay_notify_refund(refund.reference)
        self.assertEqual(response.status_code, 204)
        refund.invalidate_recordset()
        self.assertEqual(refund.state, "done")
        # The same notification again changes nothing.
        self.wechatpay_notify_refund(refund.reference)
        refund.invalidate_recordset()
        self.assertEqual(refund.state, "done")

    def test_a_refund_the_server_refuses_leaves_an_error(self):
        tx = self._native_tx()
        self.wechatpay_notify(tx.reference)
        tx.invalidate_recordset()
        self.wechatpay_server.fail_next("refund", "NOT_ENOUGH", 403, "Insufficient balance")
        refund = tx._refund(amount_to_refund=100.0)
        self.assertEqual(refund.state, "error")
        self.assertIn("NOT_ENOUGH", refund.state_message)

    # === SCENES AND SECRETS === #

    def _portal_tx(self, user_agent):
        values = self._prepare_transaction_values(self.payment_method_id, None, "redirect")
        values["tokenization_requested"] = False
        return self.make_jsonrpc_request(
            "/payment/transaction", values, headers={"User-Agent": user_agent}
        )

    def test_a_mobile_browser_pays_with_h5(self):
        processing = self._portal_tx("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148")
        form = self._extract_values_from_html_form(processing["redirect_form_html"])
        self.assertEqual(form["action"], "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb")
        self.assertTrue(form["inputs"]["prepay_id"].startswith("wx"))
        redirect = urlsplit(form["inputs"]["redirect_url"])
        self.assertEqual(redirect.path, "/payment/wechatpay/return")
        self.assertIn("access_token", parse_qs(redirect.query))
        order = self.wechatpay_server.orders[processing["reference"]]
        self.assertEqual(order["trade_type"], "H5")
        self.assertEqual(order["request"]["scene_info"]["h5_info"], {"type": "Wap"})

    def test_inside_wechat_jsapi_needs_the_openid(self):
        wechat = "Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50"
        processing = self._portal_tx(wechat)
        form = self._extract_values_from_html_form(processing["redirect_form_html"])
        self.assertTrue(form["action"].endswith("/payment/wechatpay/qr"))  # no openid: Native

        self.partner.wechatpay_openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
        processing = self._portal_tx(wechat)
        form = self._extract_values_from_html_form(processing["redirect_form_html"])
        self.assertTrue(form["action"].endswith("/payment/wechatpay/jsapi"))
        order = self.wechatpay_server.orders[processing["reference"]]
        self.assertEqual(order["request"]["payer"], {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"})
        page = self.url_open("/payment/wechatpay/jsapi", params=form["inputs"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"prepay_id={order['prepay_id']}", page.text.replace("&#34;", '"'))
        self.assertIn("paySign", page.text)

    def test_keys_are_never_logged(self):
        secrets_ = [
            self.wechatpay.wechatpay_api_v3_key,
            self.wechatpay.wechatpay_private_key.splitlines()[1],
        ]
        with self.assertLogs(level=logging.DEBUG) as logs:
            logging.getLogger("odoo.addons.payment_wechatpay").info("flow starts")
            tx = self._native_tx()
            self.wechatpay_notify(tx.reference, signing_key=generate_rsa_key())
            self.wechatpay_notify(tx.reference)
            tx.invalidate_recordset()
            tx._refund(amount_to_refund=1.0)
        text = "\n".join(logs.output)
        for secret in secrets_:
            self.assertNotIn(secret, text)
        self.assertNotIn("Authorization", text)
