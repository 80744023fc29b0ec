"""The desk's payment code (付款码) on WeChat Pay: micropay, WeChat Pay API v2.

WeChat Pay's API v3 has no payment code payment for ordinary merchants, so the desk uses
API v2: XML bodies signed with HMAC-SHA256 under the APIv2 key (``wechatpay_api_v2_key``),
``/pay/micropay``, ``/pay/orderquery``, ``/secapi/pay/reverse`` and ``/secapi/pay/refund``.
The ``/secapi`` calls need the merchant's API client certificate for TLS
(``wechatpay_api_client_cert`` with ``wechatpay_private_key``).

These methods follow the contract of ``pos_payment_code``: each returns
``{"state": "done"|"pending"|"cancelled"|"error", "provider_reference": str|None,
"message": str|None}``. "pending" means "not known yet": the caller queries again, and
cancels (reverses) at its deadline.
"""

import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from contextlib import contextmanager

import requests
from lxml import etree

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import consteq

_logger = logging.getLogger(__name__)

MICROPAY_TIMEOUT = 15
# Answers after which the customer may still pay or the outcome is unknown: query again.
UNKNOWN_ERRORS = {"USERPAYING", "SYSTEMERROR", "BANKERROR", "ORDERPAID", "TRADE_ERROR"}
# A query's trade_state, by what it means for the desk.
TRADE_STATES = {
    "SUCCESS": "done",
    "REFUND": "done",
    "USERPAYING": "pending",
    "NOTPAY": "pending",
    "ACCEPT": "pending",
    "PAYERROR": "error",
    "REVOKED": "cancelled",
    "CLOSED": "cancelled",
}


def v2_sign(params, key):
    """WeChat Pay API v2's HMAC-SHA256 signature of ``params`` under the APIv2 ``key``:
    the non-empty parameters but ``sign``, sorted by name, as ``k=v&...&key=KEY``."""
    text = "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sign" and params[k] != "")
    text += f"&key={key}"
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def v2_xml(params):
    root = etree.Element("xml")
    for name, value in params.items():
        etree.SubElement(root, name).text = str(value)
    return etree.tostring(root, encoding="utf-8")


def v2_parse(content):
    """The fields of a v2 XML body; never resolves entities nor reaches the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser=parser)
    return {child.tag: (child.text or "") for child in root if isinstance(child.tag, str)}


def _result(state, reference=None, message=None):
    return {"state": state, "provider_reference": reference or None, "message": message or None}


# The desk's payment code is a part of its own, kept apart from the online provider.
class PaymentProvider(models.Model):
    _inherit = "payment.provider"  # pylint: disable=consider-merging-classes-inherited

    wechatpay_api_client_cert = fields.Text(
        string="WeChat Pay API Client Certificate",
        help="The merchant API certificate (apiclient_cert.pem), presented with the "
        "merchant private key to reverse and refund payment code payments (API v2).",
        copy=False,
        groups="base.group_system",
    )

    # ------------------------------------------------------------------ paycode contract

    def _wechatpay_paycode_pay(self, *, reference, amount, currency, auth_code, subject):
        self.ensure_one()
        answer = self._wechatpay_v2_call(
            "/pay/micropay",
            {
                "body": (subject or reference)[:40],
                "out_trade_no": reference,
                "total_fee": self._wechatpay_fen(amount, currency),
                "fee_type": "CNY",
                "spbill_create_ip": "127.0.0.1",
                "auth_code": auth_code,
            },
        )
        if answer.get("result_code") == "SUCCESS":
            return _result("done", answer.get("transaction_id"))
        return self._wechatpay_v2_failure(answer)

    def _wechatpay_paycode_query(self, *, reference):
        self.ensure_one()
        answer = self._wechatpay_v2_call("/pay/orderquery", {"out_trade_no": reference})
        if answer.get("result_code") == "SUCCESS":
            state = TRADE_STATES.get(answer.get("trade_state"), "pending")
            return _result(state, answer.get("transaction_id"), answer.get("trade_state_desc"))
        if answer.get("err_code") == "ORDERNOTEXIST":
            # The micropay never arrived (yet): unknown until the deadline's reverse.
            return _result("pending", message=answer.get("err_code_des"))
        return self._wechatpay_v2_failure(answer, definite=False)

    def _wechatpay_paycode_cancel(self, *, reference):
        """Reverse the trade: closes it if unpaid, gives the money back if paid."""
        self.ensure_one()
        answer = self._wechatpay_v2_call("/secapi/pay/reverse", {"out_trade_no": reference})
        if answer.get("result_code") == "SUCCESS":
            if answer.get("recall") == "Y":
                return _result("pending", message=self.env._("WeChat Pay asks to reverse again."))
            return _result("cancelled")
        if answer.get("err_code") == "ORDERNOTEXIST":
            return _result("cancelled", message=answer.get("err_code_des"))
        return self._wechatpay_v2_failure(answer, definite=False)

    def _wechatpay_paycode_refund(self, *, reference, refund_reference, amount, currency):
        self.ensure_one()
        query = self._wechatpay_v2_call("/pay/orderquery", {"out_trade_no": reference})
        if query.get("result_code") != "SUCCESS" or not query.get("total_fee"):
            return self._wechatpay_v2_failure(query, definite=False)
        answer = self._wechatpay_v2_call(
            "/secapi/pay/refund",
            {
                "out_trade_no": reference,
                "out_refund_no": refund_reference,
                "total_fee": query["total_fee"],
                "refund_fee": self._wechatpay_fen(amount, currency),
                "refund_fee_type": "CNY",
            },
        )
        if answer.get("result_code") == "SUCCESS":
            return _result("done", answer.get("refund_id"))
        return self._wechatpay_v2_failure(answer)

    # ------------------------------------------------------------------ API v2

    def _wechatpay_fen(self, amount, currency):
        if currency.name != "CNY":
            raise ValidationError(self.env._("WeChat Pay takes payment codes in CNY only."))
        return int(round(currency.round(amount) * 100))

    def _wechatpay_v2_failure(self, answer, definite=True):
        """The result of a v2 answer that is no success: an unknown outcome is "pending",
        a refusal "error" with WeChat Pay's own description."""
        if answer.get("return_code") == "UNKNOWN":
            # No answer, or one we cannot trust: the charge may have happened.
            return _result("pending", message=answer.get("return_msg"))
        if answer.get("return_code") != "SUCCESS":
            # The call itself was refused (signature, parameters): nothing was done.
            message = answer.get("return_msg") or self.env._("WeChat Pay refused the call.")
            return _result("error" if definite else "pending", message=message)
        code = answer.get("err_code") or ""
        message = answer.get("err_code_des") or code
        if code in UNKNOWN_ERRORS or not definite:
            return _result("pending", message=message)
        return _result("error", message=message)

    def _wechatpay_v2_call(self, path, params):
        """POST the signed ``params`` to ``path``; the answer's fields, its signature
        checked. A network failure or a bad answer is ``{"return_code": "UNKNOWN"}``."""
        self.ensure_one()
        # sudo: the APIv2 key and the client certificate are admins' fields; the desk's
        # payment was checked by the caller.
        provider = self.sudo()
        key = provider.wechatpay_api_v2_key
        if not key:
            raise ValidationError(
                self.env._("Set the APIv2 key of %s to take payment codes.", self.name)
            )
        body = {
            "appid": provider.wechatpay_app_id,
            "mch_id": provider.wechatpay_mch_id,
            "nonce_str": secrets.token_hex(16),
            "sign_type": "HMAC-SHA256",
            **{k: str(v) for k, v in params.items()},
        }
        body["sign"] = v2_sign(body, key)
        url = (provider.wechatpay_api_url or "").rstrip("/") + path
        unknown = {"return_code": "UNKNOWN", "return_msg": self.env._("WeChat Pay did not answer.")}
        try:
            with provider._wechatpay_v2_client_cert(path) as cert:
                response = requests.post(
                    url,
                    data=v2_xml(body),
                    headers={"Content-Type": "text/xml"},
                    timeout=MICROPAY_TIMEOUT,
                    cert=cert,
                )
            answer = v2_parse(response.content)
        except (requests.RequestException, etree.XMLSyntaxError) as error:
            _logger.warning("WeChat Pay %s failed: %s", path, type(error).__name__)
            return unknown
        if answer.get("return_code") == "SUCCESS" and (
            not answer.get("sign") or not consteq(answer["sign"], v2_sign(answer, key))
        ):
            _logger.warning("WeChat Pay %s: the answer's signature is wrong; ignored", path)
            return unknown
        return answer

    @contextmanager
    def _wechatpay_v2_client_cert(self, path):
        """The (cert, key) files of the API client certificate for a ``/secapi`` call,
        removed afterwards; None when not needed or not configured (the test server)."""
        if not path.startswith("/secapi/") or not self.wechatpay_api_client_cert:
            yield None
            return
        with tempfile.TemporaryDirectory(prefix="wxp-") as folder:
            cert_path = os.path.join(folder, "cert.pem")
            key_path = os.path.join(folder, "key.pem")
            for file_path, content in (
                (cert_path, self.wechatpay_api_client_cert),
                (key_path, self.wechatpay_private_key),
            ):
                with open(os.open(file_path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
                    handle.write(content)
            yield (cert_path, key_path)
