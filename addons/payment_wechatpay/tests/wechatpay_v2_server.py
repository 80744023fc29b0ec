"""A local fake of WeChat Pay's API v2 for the desk's payment code (micropay).

It serves, on 127.0.0.1, ``/pay/micropay``, ``/pay/orderquery``, ``/secapi/pay/reverse``
and ``/secapi/pay/refund`` as WeChat Pay publishes them: XML bodies signed with
HMAC-SHA256 under the merchant's APIv2 key. A request whose signature is wrong gets
``return_code=FAIL`` (a signature error) and changes nothing; every answer it gives is
signed with the same key.

The test chooses how the customer behaves with :attr:`FakeWeChatPayV2.micropay_answer`
(``SUCCESS``, ``USERPAYING``, ``SYSTEMERROR``, ``AUTH_CODE_INVALID``...) and
:attr:`FakeWeChatPayV2.confirm_after` (a USERPAYING order turns SUCCESS at that many
queries; ``None``: the customer never confirms).
"""

import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.addons.payment_wechatpay.models.payment_provider_micropay import (
    v2_parse,
    v2_sign,
    v2_xml,
)

# WeChat Pay's own words for a signature error ("签名错误").
SIGN_ERROR = "\u7b7e\u540d\u9519\u8bef"


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeWeChatPayV2"

    def log_message(self, *args):  # quiet in the test log
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        answer = self.server.fake.handle(self.path, self.rfile.read(length))
        body = v2_xml(answer)
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FakeWeChatPayV2:
    def __init__(self, mch_id="1900000109", app_id="wx8888888888888888", api_v2_key=None):
        self.mch_id = mch_id
        self.app_id = app_id
        self.api_v2_key = api_v2_key or secrets.token_hex(16)
        self.micropay_answer = "SUCCESS"
        self.confirm_after = 2
        # The key the answers are signed with (a test sets another one to forge them).
        self.answer_key = None
        self.orders = {}
        self.refunds = {}
        self.calls = []
        self.lock = threading.Lock()
        self.httpd = None

    # ------------------------------------------------------------------ life

    def start(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def paths(self):
        return [path for path, _params in self.calls]

    # ------------------------------------------------------------------ protocol

    def handle(self, path, body):
        try:
            params = v2_parse(body)
        except Exception:  # noqa: BLE001 - any unreadable body is a parameter error
            return {"return_code": "FAIL", "return_msg": "XML_FORMAT_ERROR"}
        with self.lock:
            self.calls.append((path, params))
            if params.get("mch_id") != self.mch_id or params.get("appid") != self.app_id:
                return {"return_code": "FAIL", "return_msg": "mch_id or appid is wrong"}
            if params.get("sign_type") != "HMAC-SHA256" or not secrets.compare_digest(
                params.get("sign", ""), v2_sign(params, self.api_v2_key)
            ):
                return {"return_code": "FAIL", "return_msg": SIGN_ERROR}
            route = {
                "/pay/micropay": self._micropay,
                "/pay/orderquery": self._orderquery,
                "/secapi/pay/reverse": self._reverse,
                "/secapi/pay/refund": self._refund,
            }.get(path)
            if not route:
                return {"return_code": "FAIL", "return_msg": "unknown path"}
            return self._signed(route(params))

    def _signed(self, fields):
        answer = {
            "return_code": "SUCCESS",
            "return_msg": "OK",
            "appid": self.app_id,
            "mch_id": self.mch_id,
            "nonce_str": secrets.token_hex(16),
            **fields,
        }
        answer["sign"] = v2_sign(answer, self.answer_key or self.api_v2_key)
        return answer

    @staticmethod
    def _fail(code, description=None):
        return {"result_code": "FAIL", "err_code": code, "err_code_des": description or code}

    def _micropay(self, params):
        reference = params["out_trade_no"]
        order = self.orders.get(reference)
        if order:
            if order["state"] == "SUCCESS":
                return self._fail("ORDERPAID", "order paid")
            if order["state"] == "REVOKED":
                return self._fail("ORDERREVERSED", "order reversed")
            return self._fail("USERPAYING", "user paying")
        answer = self.micropay_answer
        if answer == "AUTH_CODE_INVALID":
            return self._fail(answer, "invalid auth_code")
        order = {
            "total_fee": int(params["total_fee"]),
            "auth_code": params["auth_code"],
            "transaction_id": "4200" + secrets.token_hex(12),
            "state": "SUCCESS" if answer == "SUCCESS" else "USERPAYING",
            "queries": 0,
        }
        self.orders[reference] = order
        if answer == "SUCCESS":
            return {
                "result_code": "SUCCESS",
                "transaction_id": order["transaction_id"],
                "total_fee": str(order["total_fee"]),
                "out_trade_no": reference,
            }
        return self._fail(answer, "user paying" if answer == "USERPAYING" else "system error")

    def _orderquery(self, params):
        order = self.orders.get(params.get("out_trade_no"))
        if not order:
            return self._fail("ORDERNOTEXIST", "order does not exist")
        order["queries"] += 1
        if (
            order["state"] == "USERPAYING"
            and self.confirm_after is not None
            and order["queries"] >= self.confirm_after
        ):
            order["state"] = "SUCCESS"
        fields = {
            "result_code": "SUCCESS",
            "out_trade_no": params["out_trade_no"],
            "trade_state": order["state"],
            "total_fee": str(order["total_fee"]),
        }
        if order["state"] in ("SUCCESS", "REFUND"):
            fields["transaction_id"] = order["transaction_id"]
        return fields

    def _reverse(self, params):
        order = self.orders.get(params.get("out_trade_no"))
        if not order:
            return self._fail("ORDERNOTEXIST", "order does not exist")
        # A paid order's money goes back to the customer; an unpaid one is closed.
        order["reversed_paid"] = order["state"] == "SUCCESS"
        order["state"] = "REVOKED"
        return {"result_code": "SUCCESS", "recall": "N"}

    def _refund(self, params):
        order = self.orders.get(params.get("out_trade_no"))
        if not order or order["state"] not in ("SUCCESS", "REFUND"):
            return self._fail("ORDERNOTEXIST", "order not paid")
        if int(params["total_fee"]) != order["total_fee"]:
            return self._fail("PARAM_ERROR", "total_fee is wrong")
        refund = self.refunds.get(params["out_refund_no"])
        if not refund:
            refunded = sum(
                r["refund_fee"]
                for r in self.refunds.values()
                if r["out_trade_no"] == params["out_trade_no"]
            )
            fee = int(params["refund_fee"])
            if refunded + fee > order["total_fee"]:
                return self._fail("NOTENOUGH", "refund exceeds the payment")
            refund = {
                "out_trade_no": params["out_trade_no"],
                "refund_fee": fee,
                "refund_id": "5030" + secrets.token_hex(12),
            }
            self.refunds[params["out_refund_no"]] = refund
            order["state"] = "REFUND"
        return {
            "result_code": "SUCCESS",
            "out_refund_no": params["out_refund_no"],
            "refund_id": refund["refund_id"],
            "refund_fee": str(refund["refund_fee"]),
        }
