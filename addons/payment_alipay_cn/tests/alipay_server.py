"""A local Alipay open API gateway for the tests, on 127.0.0.1.

It follows Alipay's published protocol: form parameters signed RSA2 (SHA256withRSA) over the
sorted ``key=value`` pairs (``sign`` and empty values left out), answers
``{"<method>_response": {...}, "sign": "..."}`` signed with its own Alipay key over the
node's exact JSON text, and notifications signed over every parameter but ``sign`` and
``sign_type``. A request whose signature does not verify with the app's public key gets
``isv.invalid-signature``, so a signing bug fails the tests.

Implemented: alipay.trade.page.pay and .wap.pay (a cashier page whose "pay" button marks the
trade paid, POSTs the signed notification to notify_url and redirects to return_url),
alipay.trade.query, .pay (scene bar_code), .cancel, .close and .refund, idempotent by
out_trade_no and out_request_no as Alipay is.

Scenarios of trade.pay (``pay_scenario``, or ``scenario_by_auth_code``):
``success``; ``wait`` (WAIT_BUYER_PAY, paid after ``confirm_after_queries`` queries);
``never`` (WAIT_BUYER_PAY for ever); ``system_error`` (ACQ.SYSTEM_ERROR although the trade
went through); ``balance`` (ACQ.BUYER_BALANCE_NOT_ENOUGH); ``invalid_code``.
``drop_answers`` = N: the next N calls are carried out but the connection closes unanswered.
"""

import html
import itertools
import json
import threading
from base64 import b64decode, b64encode
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def generate_key_pair():
    """A throwaway RSA 2048 key pair as (private PEM, public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private_pem, public_pem


def sign_text(private_pem, text):
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def request_sign_content(params):
    """What an app signs: every non-empty parameter but ``sign``, sorted."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")


def notification_sign_content(params):
    """What Alipay signs in a notification: every parameter but ``sign`` and ``sign_type``."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("sign", "sign_type"))


class FakeAlipay:
    """The gateway and its trades. Start with :meth:`start`, stop with :meth:`stop`."""

    def __init__(self, *, app_id, app_public_key, seller_id="2088000000000001"):
        self.app_id = app_id
        self.app_public_key = serialization.load_pem_public_key(app_public_key.encode())
        self.seller_id = seller_id
        self.alipay_private_key, self.alipay_public_key = generate_key_pair()
        # The key the answers are signed with (a test swaps it to forge answers).
        self.answer_key = self.alipay_private_key
        self.trades = {}
        self.calls = []  # (method, biz_content) of every call whose signature verified
        self.notifications = []  # (params, Odoo's answer)
        self.pay_scenario = "success"
        self.scenario_by_auth_code = {}
        self.confirm_after_queries = 2
        self.send_notifications = True
        # Cookies the notification carries (Odoo's HttpCase admits only its own requests).
        self.notify_cookies = dict
        self.drop_answers = 0
        self.lock = threading.RLock()
        self._numbers = itertools.count(1)
        self.httpd = None
        self.thread = None

    # ------------------------------------------------------------------ life cycle
    def start(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def gateway_url(self):
        return f"{self.base_url}/gateway.do"

    # ------------------------------------------------------------------ helpers
    def _trade_no(self):
        return f"2026{datetime.now():%m%d}2200{next(self._numbers):014d}"

    def sign_notification(self, params, key=None):
        params = dict(params)
        params.pop("sign", None)
        params["sign_type"] = "RSA2"
        params["sign"] = sign_text(
            key or self.alipay_private_key, notification_sign_content(params)
        )
        return params

    def notification_for(self, out_trade_no, **overrides):
        trade = self.trades[out_trade_no]
        params = {
            "notify_time": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            "notify_type": "trade_status_sync",
            "notify_id": f"ntf{next(self._numbers)}",
            "charset": "utf-8",
            "version": "1.0",
            "app_id": self.app_id,
            "auth_app_id": self.app_id,
            "seller_id": self.seller_id,
            "buyer_id": "2088102177846880",
            "trade_no": trade["trade_no"],
            "out_trade_no": out_trade_no,
            "trade_status": trade["status"],
            "total_amount": trade["total_amount"],
            "receipt_amount": trade["total_amount"],
            "subject": trade["subject"],
            "gmt_payment": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        params.update(overrides)
        return self.sign_notification(params)

    def add_trade(self, out_trade_no, total_amount, status="TRADE_SUCCESS", **values):
        with self.lock:
            trade = {
                "trade_no": self._trade_no(),
                "total_amount": total_amount,
                "status": status,
                "subject": out_trade_no,
                "refunds": {},
                "queries": 0,
                "charges": 1 if status == "TRADE_SUCCESS" else 0,
                "scenario": "success",
                **values,
            }
            self.trades[out_trade_no] = trade
            return trade

    def refunded(self, out_trade_no):
        return sum(self.trades[out_trade_no]["refunds"].values(), Decimal(0))

    def pay_in_cashier(self, out_trade_no):
        """The buyer pays in the cashier: the trade is paid, the notification goes out."""
        with self.lock:
            trade = self.trades[out_trade_no]
            if trade["status"] == "WAIT_BUYER_PAY":
                trade["status"] = "TRADE_SUCCESS"
                trade["charges"] += 1
        if self.send_notifications and trade.get("notify_url"):
            params = self.notification_for(out_trade_no)
            answer = requests.post(
                trade["notify_url"], data=params, cookies=self.notify_cookies(), timeout=30
            ).text
            self.notifications.append((params, answer))
        return trade

    # ------------------------------------------------------------------ the gateway
    def answer(self, method, node):
        node_text = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        key = method.replace(".", "_") + "_response"
        signature = sign_text(self.answer_key, node_text)
        return f'{{"{key}":{node_text},"sign":"{signature}"}}'

    @staticmethod
    def refusal(sub_code, sub_msg, code="40004", msg="Business Failed", **extra):
        return {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg, **extra}

    def gateway(self, params):
        """(status, content type, body) for a call to the gateway."""
        method = params.get("method", "")
        try:
            signature = b64decode(params.get("sign", ""), validate=True)
            self.app_public_key.verify(
                signature,
                request_sign_content(params).encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except (InvalidSignature, ValueError):
            node = self.refusal(
                "isv.invalid-signature", "bad signature", "40002", "Invalid Arguments"
            )
            key = method.replace(".", "_") + "_response" if method else "error_response"
            return 200, "application/json", json.dumps({key: node})
        if params.get("app_id") != self.app_id:
            node = self.refusal("isv.invalid-app-id", "unknown app", "40002", "Invalid Arguments")
            return 200, "application/json", self.answer(method, node)
        if params.get("sign_type") != "RSA2" or params.get("charset") != "utf-8":
            node = self.refusal("isv.invalid-sign-type", "RSA2 only", "40002", "Invalid Arguments")
            return 200, "application/json", self.answer(method, node)
        biz = json.loads(params.get("biz_content") or "{}")
        with self.lock:
            self.calls.append((method, biz))
            if method in ("alipay.trade.page.pay", "alipay.trade.wap.pay"):
                return 200, "text/html; charset=utf-8", self.cashier(params, biz)
            handler = {
                "alipay.trade.pay": self.trade_pay,
                "alipay.trade.query": self.trade_query,
                "alipay.trade.cancel": self.trade_cancel,
                "alipay.trade.close": self.trade_close,
                "alipay.trade.refund": self.trade_refund,
            }.get(method)
            if not handler:
                node = self.refusal(
                    "isv.invalid-method", "unknown method", "40002", "Invalid Arguments"
                )
            else:
                node = handler(params, biz)
        return 200, "application/json", self.answer(method, node)

    def cashier(self, params, biz):
        reference = biz["out_trade_no"]
        trade = self.trades.get(reference)
        if not trade:
            trade = self.add_trade(
                reference,
                biz["total_amount"],
                status="WAIT_BUYER_PAY",
                subject=biz["subject"],
                product_code=biz["product_code"],
            )
        trade.update(notify_url=params.get("notify_url"), return_url=params.get("return_url"))
        trade["method"] = params["method"]
        return (
            "<html><body><h1>Alipay cashier</h1>"
            f"<p id='amount'>{html.escape(trade['total_amount'])}</p>"
            f"<p id='product'>{html.escape(trade.get('product_code', ''))}</p>"
            "<form method='post' action='/cashier/pay'>"
            f"<input type='hidden' name='out_trade_no' value='{html.escape(reference)}'/>"
            "<button type='submit' id='pay'>pay</button></form></body></html>"
        )

    def return_params(self, out_trade_no):
        trade = self.trades[out_trade_no]
        params = {
            "out_trade_no": out_trade_no,
            "trade_no": trade["trade_no"],
            "total_amount": trade["total_amount"],
            "seller_id": self.seller_id,
            "app_id": self.app_id,
            "auth_app_id": self.app_id,
            "method": f"{trade.get('method', 'alipay.trade.page.pay')}.return",
            "timestamp": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            "charset": "utf-8",
            "version": "1.0",
        }
        return self.sign_notification(params)

    def trade_pay(self, params, biz):
        reference = biz.get("out_trade_no")
        if biz.get("scene") != "bar_code" or not biz.get("auth_code") or not reference:
            return self.refusal("ACQ.INVALID_PARAMETER", "scene, auth_code, out_trade_no")
        trade = self.trades.get(reference)
        if trade and trade["total_amount"] != biz.get("total_amount"):
            return self.refusal("ACQ.CONTEXT_INCONSISTENT", "trade details differ")
        if trade:  # the same out_trade_no again: no second charge
            if trade["status"] in ("TRADE_SUCCESS", "TRADE_FINISHED"):
                return self.refusal("ACQ.TRADE_HAS_SUCCESS", "already paid")
            if trade["status"] == "TRADE_CLOSED":
                return self.refusal("ACQ.TRADE_HAS_CLOSE", "closed")
            return {
                "code": "10003",
                "msg": "order success pay inprocess",
                "trade_no": trade["trade_no"],
                "out_trade_no": reference,
            }
        scenario = self.scenario_by_auth_code.get(biz["auth_code"], self.pay_scenario)
        if scenario == "invalid_code":
            return self.refusal("ACQ.PAYMENT_AUTH_CODE_INVALID", "auth code invalid")
        status = {
            "success": "TRADE_SUCCESS",
            "system_error": "TRADE_SUCCESS",
            "balance": "TRADE_CLOSED",
        }.get(scenario, "WAIT_BUYER_PAY")
        trade = self.add_trade(
            reference,
            biz["total_amount"],
            status=status,
            subject=biz.get("subject", ""),
            scenario=scenario,
            notify_url=params.get("notify_url"),
        )
        if scenario == "success":
            return {
                "code": "10000",
                "msg": "Success",
                "trade_no": trade["trade_no"],
                "out_trade_no": reference,
                "total_amount": trade["total_amount"],
                "buyer_user_id": "2088102177846880",
            }
        if scenario == "system_error":
            return self.refusal(
                "ACQ.SYSTEM_ERROR", "system error", "20000", "Service Currently Unavailable"
            )
        if scenario == "balance":
            return self.refusal("ACQ.BUYER_BALANCE_NOT_ENOUGH", "balance not enough")
        return {
            "code": "10003",
            "msg": "order success pay inprocess",
            "trade_no": trade["trade_no"],
            "out_trade_no": reference,
        }

    def trade_query(self, params, biz):
        trade = self.trades.get(biz.get("out_trade_no"))
        if not trade:
            return self.refusal("ACQ.TRADE_NOT_EXIST", "no such trade")
        trade["queries"] += 1
        if (
            trade["status"] == "WAIT_BUYER_PAY"
            and trade["scenario"] == "wait"
            and trade["queries"] >= self.confirm_after_queries
        ):
            trade["status"] = "TRADE_SUCCESS"
            trade["charges"] += 1
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": biz["out_trade_no"],
            "trade_status": trade["status"],
            "total_amount": trade["total_amount"],
        }

    def trade_cancel(self, params, biz):
        reference = biz.get("out_trade_no")
        trade = self.trades.get(reference)
        if not trade:
            return self.refusal("ACQ.TRADE_NOT_EXIST", "no such trade", retry_flag="N")
        action = ""
        if trade["status"] == "WAIT_BUYER_PAY":
            action = "close"
        elif trade["status"] == "TRADE_SUCCESS":
            action = "refund"
            left = Decimal(trade["total_amount"]) - self.refunded(reference)
            trade["refunds"][f"cancel-{reference}"] = left
        trade["status"] = "TRADE_CLOSED"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": reference,
            "retry_flag": "N",
            "action": action,
        }

    def trade_close(self, params, biz):
        trade = self.trades.get(biz.get("out_trade_no"))
        if not trade:
            return self.refusal("ACQ.TRADE_NOT_EXIST", "no such trade")
        if trade["status"] in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return self.refusal("ACQ.TRADE_STATUS_ERROR", "paid trades cannot be closed")
        trade["status"] = "TRADE_CLOSED"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": biz["out_trade_no"],
        }

    def trade_refund(self, params, biz):
        reference = biz.get("out_trade_no")
        request_no = biz.get("out_request_no") or reference
        trade = self.trades.get(reference)
        if not trade:
            return self.refusal("ACQ.TRADE_NOT_EXIST", "no such trade")
        if request_no in trade["refunds"]:  # the same refund again: refunded once
            return {
                "code": "10000",
                "msg": "Success",
                "trade_no": trade["trade_no"],
                "out_trade_no": reference,
                "fund_change": "N",
                "refund_fee": str(self.refunded(reference)),
            }
        if trade["status"] not in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return self.refusal("ACQ.TRADE_STATUS_ERROR", "trade not paid")
        amount = Decimal(biz.get("refund_amount", "0"))
        if amount <= 0 or self.refunded(reference) + amount > Decimal(trade["total_amount"]):
            return self.refusal("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "refund amount exceeds")
        trade["refunds"][request_no] = amount
        if self.refunded(reference) == Decimal(trade["total_amount"]):
            trade["status"] = "TRADE_CLOSED"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": reference,
            "fund_change": "Y",
            "refund_fee": str(self.refunded(reference)),
        }


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet in the test log
        pass

    def _params(self):
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length).decode("utf-8")
            params.update(parse_qsl(body, keep_blank_values=True))
        return url.path, params

    def _send(self, status, content_type, body, headers=()):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.do_POST()

    def do_POST(self):
        fake = self.server.fake
        path, params = self._params()
        if path == "/gateway.do":
            status, content_type, body = fake.gateway(params)
            with fake.lock:
                drop = fake.drop_answers > 0
                fake.drop_answers -= 1 if drop else 0
            if drop:  # carried out, but the answer is lost on the way
                self.close_connection = True
                self.connection.close()
                return
            self._send(status, content_type, body)
        elif path == "/cashier/pay" and params.get("out_trade_no") in fake.trades:
            trade = fake.pay_in_cashier(params["out_trade_no"])
            location = (
                f"{trade['return_url']}?{urlencode(fake.return_params(params['out_trade_no']))}"
            )
            self._send(302, "text/plain", "", headers=[("Location", location)])
        else:
            self._send(404, "text/plain", "not found")
