"""A local fake WeChat Pay API v3 server for the tests.

It implements, on 127.0.0.1, the part of WeChat Pay's published API v3 that the provider
uses, and checks what the real service checks:

- every request carries ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid=..,nonce_str=..,
  signature=..,timestamp=..,serial_no=..``; the signature (RSA-SHA256 over
  ``METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n``) must verify with the merchant's public key,
  else ``401 SIGN_ERROR``;
- every response is signed with the server's own platform key (``Wechatpay-Signature``
  over ``TIMESTAMP\\nNONCE\\nBODY\\n``, ``Wechatpay-Serial`` naming its certificate);
- notifications are POSTed to the ``notify_url`` of the order (or refund), signed with the
  platform key, with the resource encrypted with AES-256-GCM under the APIv3 key.

Endpoints: ``POST /v3/pay/transactions/{native,h5,jsapi}``,
``GET /v3/pay/transactions/out-trade-no/{ref}?mchid=``,
``POST /v3/pay/transactions/out-trade-no/{ref}/close``, ``POST /v3/refund/domestic/refunds``
and ``GET /v3/refund/domestic/refunds/{out_refund_no}``. More routes (the desk's payment code,
API v2) can be added with :meth:`FakeWeChatPay.add_route`.

The test drives the "customer" with :meth:`FakeWeChatPay.pay` (the customer pays),
:meth:`FakeWeChatPay.notify` (pays if needed and sends the notification) and
:meth:`FakeWeChatPay.notify_refund`; :meth:`FakeWeChatPay.fail_next` makes the next call to an
endpoint answer a WeChat Pay error code (``SYSTEMERROR``, ``ORDERPAID``...).
"""

import base64
import datetime
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .wechatpay_keys import (
    AUTH_SCHEME,
    generate_rsa_key,
    nonce_str,
    parse_authorization,
    rsa_sign,
    rsa_verify,
    self_signed_cert,
)

OUT_TRADE_NO = re.compile(r"^[A-Za-z0-9_\-|*]{6,32}$")
HTTP_TIMEOUT = 30


class WeChatPayError(Exception):
    """An error answer of the fake server: HTTP status, WeChat Pay code and message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeWeChatPay/1.0"

    def log_message(self, fmt, *args):
        """Keep the test output quiet."""

    def do_GET(self):
        self.server.fake._dispatch(self, "GET")

    def do_POST(self):
        self.server.fake._dispatch(self, "POST")


class FakeWeChatPay:
    """The fake WeChat Pay service: start() it, point the provider at :attr:`url`."""

    def __init__(self, mch_id="1900000109", app_id="wx8888888888888888", api_v3_key=None):
        self.mch_id = mch_id
        self.app_id = app_id
        self.api_v3_key = api_v3_key or secrets.token_hex(16)  # 32 characters
        self.platform_key = generate_rsa_key()
        serial = secrets.randbits(64) | (1 << 63)
        self.platform_cert = self_signed_cert(self.platform_key, "Fake WeChat Pay Platform", serial)
        self.platform_serial = format(serial, "X")
        self.platform_cert_pem = self.platform_cert.public_bytes(
            serialization.Encoding.PEM
        ).decode()
        # Set by the test from the merchant key it generated.
        self.merchant_public_key = None
        self.merchant_serial = None
        self.orders = {}  # out_trade_no -> dict
        self.refunds = {}  # out_refund_no -> dict
        self.requests = []  # (method, path, body dict) of every authenticated call
        self.notifications = []  # (url, status, response text) of every notification sent
        self._errors = {}  # endpoint name -> [(status, code, message)]
        self._lock = threading.RLock()
        # A callable returning the cookies to send with notifications (Odoo's HttpCase lets
        # only requests carrying its test cursor cookie in).
        self.cookie_provider = dict
        self._routes = []
        self._httpd = None
        self._thread = None
        self.add_route("POST", r"/v3/pay/transactions/(native|h5|jsapi)", self._create_order)
        self.add_route("GET", r"/v3/pay/transactions/out-trade-no/([^/?]+)", self._query_order)
        self.add_route("POST", r"/v3/pay/transactions/out-trade-no/([^/?]+)/close", self._close)
        self.add_route("POST", r"/v3/refund/domestic/refunds", self._create_refund)
        self.add_route("GET", r"/v3/refund/domestic/refunds/([^/?]+)", self._query_refund)

    # === LIFECYCLE === #

    def start(self):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="fake-wechatpay", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=10)
            self._httpd = None

    @property
    def url(self):
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self):
        """Forget every order, refund, request and queued error (between tests)."""
        with self._lock:
            self.orders.clear()
            self.refunds.clear()
            self.requests.clear()
            self.notifications.clear()
            self._errors.clear()

    def set_merchant(self, public_key, serial_no):
        """Trust this merchant public key (a cryptography key) for the given certificate serial."""
        self.merchant_public_key = public_key
        self.merchant_serial = serial_no

    # === TEST CONTROLS === #

    def add_route(self, method, pattern, func, authenticated=True):
        """Serve ``method pattern`` with ``func(match, query, body_text, headers)``.

        ``func`` returns ``(status, payload)`` (payload a dict, a string or None) or raises
        :class:`WeChatPayError`. With ``authenticated``, the API v3 Authorization header is
        checked first and the response is signed with the platform key.
        """
        self._routes.append((method, re.compile(pattern + r"$"), func, authenticated))

    def fail_next(self, endpoint, code, status=500, message=None):
        """Answer the next call to ``endpoint`` (``native``, ``h5``, ``jsapi``, ``query``,
        ``close``, ``refund``, ``refund_query``, or a name an added route uses) with an error."""
        with self._lock:
            self._errors.setdefault(endpoint, []).append((status, code, message or code))

    def _pop_error(self, endpoint):
        with self._lock:
            queued = self._errors.get(endpoint)
            if queued:
                status, code, message = queued.pop(0)
                raise WeChatPayError(status, code, message)

    def pay(self, out_trade_no, openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"):
        """The customer pays the order (no notification is sent)."""
        with self._lock:
            order = self.orders[out_trade_no]
            if order["trade_state"] == "NOTPAY":
                order.update(
                    trade_state="SUCCESS",
                    trade_state_desc="Payment succeeded",
                    transaction_id="42000" + secrets.token_hex(12).upper()[:23],
                    success_time=_now_rfc3339(),
                    openid=openid,
                )
            return order

    def notify(self, out_trade_no, *, signing_key=None, api_v3_key=None, tamper=None):
        """The customer pays (if not yet) and WeChat Pay notifies Odoo; returns the response.

        ``signing_key`` (a foreign RSA key) or ``api_v3_key`` (a wrong key) forge the
        notification; ``tamper`` is a function applied to the decrypted resource.
        """
        order = self.pay(out_trade_no)
        resource = self._transaction_resource(order)
        if tamper:
            resource = tamper(resource)
        return self._send_notification(
            order["notify_url"],
            "TRANSACTION.SUCCESS",
            "transaction",
            resource,
            signing_key=signing_key,
            api_v3_key=api_v3_key,
        )

    def notify_refund(self, out_refund_no, status="SUCCESS", **kwargs):
        """The refund completes (``SUCCESS``, or ``ABNORMAL``/``CLOSED``) and WeChat Pay notifies."""
        with self._lock:
            refund = self.refunds[out_refund_no]
            refund["status"] = status
            if status == "SUCCESS":
                refund["success_time"] = _now_rfc3339()
        resource = {
            "mchid": self.mch_id,
            "out_trade_no": refund["out_trade_no"],
            "transaction_id": refund["transaction_id"],
            "out_refund_no": out_refund_no,
            "refund_id": refund["refund_id"],
            "refund_status": status,
            "success_time": refund.get("success_time"),
            "user_received_account": "Payer's balance",
            "amount": {
                "total": refund["amount"]["total"],
                "refund": refund["amount"]["refund"],
                "payer_total": refund["amount"]["total"],
                "payer_refund": refund["amount"]["refund"],
            },
        }
        return self._send_notification(
            refund["notify_url"], f"REFUND.{status}", "refund", resource, **kwargs
        )

    # === PROTOCOL === #

    def sign_message(self, body, key=None):
        """The Wechatpay-* headers that sign ``body`` with the platform key (or ``key``)."""
        timestamp = str(int(time.time()))
        nonce = nonce_str()
        return {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": rsa_sign(
                key or self.platform_key, f"{timestamp}\n{nonce}\n{body}\n"
            ),
            "Wechatpay-Serial": self.platform_serial,
            "Wechatpay-Signature-Type": AUTH_SCHEME,
        }

    def encrypt_resource(self, resource, associated_data, api_v3_key=None):
        nonce = nonce_str(12)
        ciphertext = AESGCM((api_v3_key or self.api_v3_key).encode()).encrypt(
            nonce.encode(),
            json.dumps(resource, ensure_ascii=False).encode(),
            associated_data.encode(),
        )
        return {
            "original_type": associated_data,
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(),
            "associated_data": associated_data,
            "nonce": nonce,
        }

    def _send_notification(
        self, url, event_type, original_type, resource, signing_key=None, api_v3_key=None
    ):
        body = json.dumps(
            {
                "id": secrets.token_hex(16),
                "create_time": _now_rfc3339(),
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": event_type,
                "resource": self.encrypt_resource(resource, original_type, api_v3_key=api_v3_key),
            }
        )
        headers = {"Content-Type": "application/json", **self.sign_message(body, signing_key)}
        response = requests.post(
            url,
            data=body.encode(),
            headers=headers,
            cookies=self.cookie_provider(),
            timeout=HTTP_TIMEOUT,
        )
        self.notifications.append((url, response.status_code, response.text))
        return response

    def _transaction_resource(self, order):
        resource = {
            "appid": order["appid"],
            "mchid": self.mch_id,
            "out_trade_no": order["out_trade_no"],
            "trade_type": order["trade_type"],
            "trade_state": order["trade_state"],
            "trade_state_desc": order["trade_state_desc"],
            "bank_type": "OTHERS",
            "attach": "",
            "amount": {
                "total": order["amount"]["total"],
                "currency": order["amount"]["currency"],
                "payer_total": order["amount"]["total"],
                "payer_currency": order["amount"]["currency"],
            },
        }
        if order.get("transaction_id"):
            resource.update(
                transaction_id=order["transaction_id"],
                success_time=order["success_time"],
                payer={"openid": order["openid"]},
            )
        return resource

    def _dispatch(self, handler, method):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        split = urlsplit(handler.path)
        try:
            for route_method, pattern, func, authenticated in self._routes:
                match = pattern.match(split.path)
                if route_method != method or not match:
                    continue
                if authenticated:
                    self._check_authorization(method, handler.path, body, handler.headers)
                    self.requests.append((method, split.path, json.loads(body) if body else {}))
                status, payload = func(match, parse_qs(split.query), body, handler.headers)
                self._respond(handler, status, payload, sign=authenticated)
                return
            raise WeChatPayError(404, "NOT_FOUND", "No such API")
        except WeChatPayError as error:
            self._respond(handler, error.status, {"code": error.code, "message": error.message})
        except (ValueError, KeyError, TypeError) as error:
            self._respond(handler, 400, {"code": "PARAM_ERROR", "message": str(error)})

    def _respond(self, handler, status, payload, sign=True):
        if payload is None:
            body, content_type = "", None
        elif isinstance(payload, str):
            body, content_type = payload, "text/xml"
        else:
            body, content_type = json.dumps(payload, ensure_ascii=False), "application/json"
        data = body.encode()
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type + "; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        if sign:
            for name, value in self.sign_message(body).items():
                handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _check_authorization(self, method, url, body, headers):
        params = parse_authorization(headers.get("Authorization"))
        if not params:
            raise WeChatPayError(401, "SIGN_ERROR", "Missing or malformed Authorization header")
        if params["mchid"] != self.mch_id:
            raise WeChatPayError(401, "SIGN_ERROR", "mchid does not match the merchant")
        if self.merchant_public_key is None or params["serial_no"] != self.merchant_serial:
            raise WeChatPayError(401, "SIGN_ERROR", "Unknown merchant certificate serial_no")
        if abs(int(params["timestamp"]) - time.time()) > 300:
            raise WeChatPayError(401, "SIGN_ERROR", "Request timestamp expired")
        message = f"{method}\n{url}\n{params['timestamp']}\n{params['nonce_str']}\n{body}\n"
        if not rsa_verify(self.merchant_public_key, message, params["signature"]):
            raise WeChatPayError(401, "SIGN_ERROR", "Signature verification failed")

    # === ENDPOINTS === #

    def _create_order(self, match, query, body, headers):
        trade_type = match.group(1).upper()
        self._pop_error(match.group(1))
        data = json.loads(body)
        for key in ("appid", "mchid", "description", "out_trade_no", "notify_url", "amount"):
            if not data.get(key):
                raise WeChatPayError(400, "PARAM_ERROR", f"Missing parameter {key}")
        if data["mchid"] != self.mch_id or data["appid"] != self.app_id:
            raise WeChatPayError(400, "APPID_MCHID_NOT_MATCH", "appid and mchid do not match")
        amount = data["amount"]
        if not isinstance(amount.get("total"), int) or amount["total"] <= 0:
            raise WeChatPayError(400, "PARAM_ERROR", "amount.total must be a positive integer")
        if amount.get("currency", "CNY") != "CNY":
            raise WeChatPayError(400, "PARAM_ERROR", "Only CNY is supported")
        if trade_type == "JSAPI" and not (data.get("payer") or {}).get("openid"):
            raise WeChatPayError(400, "PARAM_ERROR", "payer.openid is required for JSAPI")
        if trade_type == "H5" and not (data.get("scene_info") or {}).get("payer_client_ip"):
            raise WeChatPayError(400, "PARAM_ERROR", "scene_info.payer_client_ip is required")
        ref = data["out_trade_no"]
        if not OUT_TRADE_NO.match(ref):
            raise WeChatPayError(400, "PARAM_ERROR", "out_trade_no: 6-32 of [A-Za-z0-9_-|*]")
        with self._lock:
            order = self.orders.get(ref)
            if order:
                if order["trade_state"] == "SUCCESS":
                    raise WeChatPayError(400, "ORDERPAID", "The order has been paid")
                if order["trade_state"] == "CLOSED":
                    raise WeChatPayError(400, "ORDER_CLOSED", "The order is closed")
                if order["amount"]["total"] != amount["total"]:
                    raise WeChatPayError(400, "OUT_TRADE_NO_USED", "out_trade_no already used")
            else:
                prepay_id = "wx" + secrets.token_hex(15)
                order = self.orders[ref] = {
                    "out_trade_no": ref,
                    "appid": data["appid"],
                    "trade_type": trade_type,
                    "trade_state": "NOTPAY",
                    "trade_state_desc": "Not paid",
                    "description": data["description"],
                    "notify_url": data["notify_url"],
                    "amount": {"total": amount["total"], "currency": "CNY"},
                    "prepay_id": prepay_id,
                    "time_expire": data.get("time_expire"),
                    "request": data,
                }
        if trade_type == "NATIVE":
            return 200, {"code_url": f"weixin://wxpay/bizpayurl?pr={order['prepay_id'][2:12]}"}
        if trade_type == "H5":
            return 200, {
                "h5_url": "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb"
                f"?prepay_id={order['prepay_id']}&package=2150917749"
            }
        return 200, {"prepay_id": order["prepay_id"]}

    def _query_order(self, match, query, body, headers):
        self._pop_error("query")
        if query.get("mchid") != [self.mch_id]:
            raise WeChatPayError(400, "PARAM_ERROR", "mchid is missing or wrong")
        with self._lock:
            order = self.orders.get(match.group(1))
            if not order:
                raise WeChatPayError(404, "ORDER_NOT_EXIST", "The order does not exist")
            return 200, self._transaction_resource(order)

    def _close(self, match, query, body, headers):
        self._pop_error("close")
        data = json.loads(body or "{}")
        if data.get("mchid") != self.mch_id:
            raise WeChatPayError(400, "PARAM_ERROR", "mchid is missing or wrong")
        with self._lock:
            order = self.orders.get(match.group(1))
            if not order:
                raise WeChatPayError(404, "ORDER_NOT_EXIST", "The order does not exist")
            if order["trade_state"] == "SUCCESS":
                raise WeChatPayError(400, "ORDERPAID", "The order has been paid")
            order.update(trade_state="CLOSED", trade_state_desc="Closed")
        return 204, None

    def _create_refund(self, match, query, body, headers):
        self._pop_error("refund")
        data = json.loads(body)
        for key in ("out_refund_no", "amount"):
            if not data.get(key):
                raise WeChatPayError(400, "PARAM_ERROR", f"Missing parameter {key}")
        amount = data["amount"]
        if not isinstance(amount.get("refund"), int) or amount["refund"] <= 0:
            raise WeChatPayError(400, "PARAM_ERROR", "amount.refund must be a positive integer")
        with self._lock:
            order = self.orders.get(data.get("out_trade_no"))
            if not order:
                raise WeChatPayError(404, "RESOURCE_NOT_EXISTS", "The order does not exist")
            if order["trade_state"] not in ("SUCCESS", "REFUND"):
                raise WeChatPayError(403, "TRADE_ERROR", "The order is not paid")
            if amount.get("total") != order["amount"]["total"]:
                raise WeChatPayError(400, "PARAM_ERROR", "amount.total does not match the order")
            refund = self.refunds.get(data["out_refund_no"])
            if refund:  # Idempotent on out_refund_no.
                if refund["amount"]["refund"] != amount["refund"]:
                    raise WeChatPayError(400, "INVALID_REQUEST", "out_refund_no already used")
            else:
                refunded = sum(
                    r["amount"]["refund"]
                    for r in self.refunds.values()
                    if r["out_trade_no"] == order["out_trade_no"] and r["status"] != "CLOSED"
                )
                if refunded + amount["refund"] > order["amount"]["total"]:
                    raise WeChatPayError(
                        400, "INVALID_REQUEST", "The refund exceeds the refundable amount"
                    )
                refund = self.refunds[data["out_refund_no"]] = {
                    "refund_id": "50000" + secrets.token_hex(12).upper()[:24],
                    "out_refund_no": data["out_refund_no"],
                    "out_trade_no": order["out_trade_no"],
                    "transaction_id": order["transaction_id"],
                    "notify_url": data.get("notify_url"),
                    "status": "PROCESSING",
                    "amount": {"refund": amount["refund"], "total": order["amount"]["total"]},
                }
                order.update(trade_state="REFUND", trade_state_desc="Refund in progress")
            return 200, self._refund_payload(refund)

    def _query_refund(self, match, query, body, headers):
        self._pop_error("refund_query")
        with self._lock:
            refund = self.refunds.get(match.group(1))
            if not refund:
                raise WeChatPayError(404, "RESOURCE_NOT_EXISTS", "The refund does not exist")
            return 200, self._refund_payload(refund)

    def _refund_payload(self, refund):
        return {
            "refund_id": refund["refund_id"],
            "out_refund_no": refund["out_refund_no"],
            "transaction_id": refund["transaction_id"],
            "out_trade_no": refund["out_trade_no"],
            "channel": "ORIGINAL",
            "user_received_account": "Payer's balance",
            "success_time": refund.get("success_time"),
            "create_time": _now_rfc3339(),
            "status": refund["status"],
            "amount": {
                "total": refund["amount"]["total"],
                "refund": refund["amount"]["refund"],
                "payer_total": refund["amount"]["total"],
                "payer_refund": refund["amount"]["refund"],
                "currency": "CNY",
            },
        }


def _now_rfc3339():
    tz = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.now(tz).isoformat(timespec="seconds")
