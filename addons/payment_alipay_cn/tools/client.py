"""Alipay's open API gateway: signed requests, verified answers, verified notifications.

``python-alipay-sdk`` (``from alipay import AliPay``) builds and signs the request
parameters (``build_body``/``sign_data``, RSA2 = SHA256withRSA) and verifies the
notifications and return parameters Alipay signs (``verify``). Its own HTTP call cannot be
used: it sends a GET with every parameter in the query string to a gateway fixed by its
``debug`` flag (production or sandbox, no public setting), so a provider could not point at
another gateway, and a test could not point at its local one. This module therefore sends
the signed parameters itself (``requests``, a form POST, with a timeout) to the gateway of
the provider, and checks the signature of the answer with ``cryptography``: Alipay signs
the exact JSON text of the ``<method>_response`` node, which must be cut out of the raw
body, not re-serialised (the SDK does the same, but only inside its private GET path).

Nothing here logs a key or a signature.
"""

import binascii
import json
import logging
from base64 import b64decode
from datetime import datetime
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import requests
from alipay import AliPay
from alipay.exceptions import AliPayException
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

_logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, for every call to the gateway
# Alipay reads the request timestamp as Beijing time.
ALIPAY_TZ = ZoneInfo("Asia/Shanghai")


class AlipayKeyError(ValueError):
    """A key that is not an RSA key in PEM or in Alipay's bare base64 form."""


class AlipayUnknownResult(Exception):
    """No trustworthy answer (network, HTTP status, unsigned or wrongly signed body):
    the state of the trade is unknown and must be queried, never assumed."""


def _der(text):
    """The DER bytes of a key given as PEM or as the bare base64 Alipay's tool prints."""
    text = (text or "").strip()
    if not text:
        raise AlipayKeyError("empty key")
    if "-----BEGIN" in text:
        lines = [line for line in text.splitlines() if line and not line.startswith("-----")]
        text = "".join(lines)
    try:
        return b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise AlipayKeyError("not base64") from error


def load_private_key(text):
    """The RSA private key of ``text`` (PKCS#1 or PKCS#8, PEM or bare base64)."""
    try:
        key = serialization.load_der_private_key(_der(text), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise AlipayKeyError("not a private key") from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise AlipayKeyError("not an RSA key")
    return key


def load_public_key(text):
    """The RSA public key of ``text`` (SubjectPublicKeyInfo, PEM or bare base64)."""
    try:
        key = serialization.load_der_public_key(_der(text))
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise AlipayKeyError("not a public key") from error
    if not isinstance(key, rsa.RSAPublicKey):
        raise AlipayKeyError("not an RSA key")
    return key


def rsa2_verify(public_key, message, signature):
    """Whether ``signature`` (base64) is the SHA256withRSA signature of ``message``."""
    try:
        public_key.verify(
            b64decode(signature or "", validate=True),
            message.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def response_node_text(raw, node):
    """The exact JSON text of ``node`` in the raw answer ``raw`` (what Alipay signed)."""
    marker = f'"{node}"'
    start = raw.find(marker)
    if start < 0:
        return None
    start = raw.find(":", start + len(marker))
    if start < 0:
        return None
    start += 1
    while start < len(raw) and raw[start] in " \t\r\n":
        start += 1
    try:
        _value, end = json.JSONDecoder().raw_decode(raw, start)
    except ValueError:
        return None
    return raw[start:end]


class AlipayGateway:
    """One app on one gateway: sign calls, verify answers and notifications."""

    def __init__(self, *, app_id, private_key, alipay_public_key, gateway_url):
        private = load_private_key(private_key)
        self.alipay_key = load_public_key(alipay_public_key)
        self.app_id = app_id
        self.gateway_url = gateway_url
        self.sdk = AliPay(
            appid=app_id,
            app_private_key_string=private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode(),
            alipay_public_key_string=self.alipay_key.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ).decode(),
            sign_type="RSA2",
        )

    def signed_params(self, method, biz_content, **extra):
        """The signed common and business parameters of a call, as a dict."""
        timestamp = datetime.now(ALIPAY_TZ).strftime("%Y-%m-%d %H:%M:%S")
        data = self.sdk.build_body(method, dict(biz_content), timestamp=timestamp, **extra)
        return dict(parse_qsl(self.sdk.sign_data(data), keep_blank_values=True))

    def call(self, method, biz_content):
        """Call ``method`` and return its verified response node (a dict).

        :raise AlipayUnknownResult: when no verified answer came back.
        """
        params = self.signed_params(method, biz_content)
        _logger.info("Alipay call %s for %s", method, biz_content.get("out_trade_no"))
        try:
            response = requests.post(self.gateway_url, data=params, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise AlipayUnknownResult(f"no answer from the gateway: {error}") from error
        if response.status_code != 200:
            raise AlipayUnknownResult(f"HTTP {response.status_code} from the gateway")
        return self.verified_response(response.content.decode("utf-8", "replace"), method)

    def verified_response(self, raw, method):
        """The response node of ``raw`` if Alipay's signature on it is right.

        A refusal of the request itself (code 40002: bad signature, unknown app) may come
        unsigned: it is returned as it is, since it can never mark anything paid.
        """
        try:
            document = json.loads(raw)
        except ValueError as error:
            raise AlipayUnknownResult("the gateway's answer is not JSON") from error
        node = method.replace(".", "_") + "_response"
        if node not in document and "error_response" in document:
            node = "error_response"
        text = response_node_text(raw, node)
        if text is None:
            raise AlipayUnknownResult("the gateway's answer has no response node")
        content = json.loads(text)
        if not isinstance(content, dict):
            raise AlipayUnknownResult("the gateway's answer is malformed")
        if rsa2_verify(self.alipay_key, text, document.get("sign")):
            return content
        if str(content.get("code")) == "40002":
            return content
        raise AlipayUnknownResult("the gateway's answer is not signed by Alipay")

    def verify_notification(self, params):
        """Whether the notification or return parameters ``params`` are signed by Alipay.

        Alipay signs every parameter but ``sign`` and ``sign_type``, sorted by name.
        """
        params = dict(params)
        signature = params.pop("sign", None)
        if not signature or params.get("sign_type", "RSA2") != "RSA2":
            return False
        try:
            return bool(self.sdk.verify(params, signature))
        except (AliPayException, binascii.Error, ValueError, TypeError):
            return False
