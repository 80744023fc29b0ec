"""Signing, verification and decryption for WeChat Pay API v3.

The cryptography comes from the ``wechatpayv3`` package (``wechatpayv3.utils``: the
``WECHATPAY2-SHA256-RSA2048`` Authorization header, RSA-SHA256 verification and AES-256-GCM
decryption). Its client class (``wechatpayv3.WeChatPay``/``core.Core``) is not used: its gateway
URL is hard-coded to ``https://api.mch.weixin.qq.com`` (tests need a local server), it fetches
platform certificates itself at construction time, logs request headers (the Authorization
header) to any logger it is given, and raises bare ``Exception``. The transport is therefore ours
(``payment.provider._wechatpay_request``), with a timeout, the provider's platform certificate or
public key, and errors Odoo can show.
"""

import json
import time

from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from wechatpayv3.utils import (
    aes_decrypt,
    build_authorization,
    load_private_key,
    rsa_sign,
    rsa_verify,
)

from odoo.addons.payment_wechatpay import const

# WeChat Pay refuses requests, and we refuse answers, signed more than 5 minutes away from now.
MAX_CLOCK_SKEW = 300


def load_merchant_key(pem):
    """The merchant private key from its PEM text; ValueError when it does not parse."""
    try:
        return load_private_key(pem)
    except Exception as error:  # noqa: BLE001 - wechatpayv3 raises a bare Exception
        raise ValueError("invalid private key") from error


def load_platform_public_key(pem):
    """The platform public key from a certificate PEM or a public key PEM."""
    data = (pem or "").strip().encode()
    try:
        if b"BEGIN CERTIFICATE" in data:
            return x509.load_pem_x509_certificate(data).public_key()
        return load_pem_public_key(data)
    except ValueError as error:
        raise ValueError("invalid platform certificate") from error


def dumps(payload):
    """The exact JSON text that is both signed and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def authorization(method, url_path, body, mch_id, serial_no, private_key):
    """The Authorization header of a request (``url_path`` includes the query string)."""
    return build_authorization(url_path, method, mch_id, serial_no, private_key, data=body)


def rsa_sign_message(private_key, message):
    """The base64 RSA-SHA256 signature of ``message`` (JSAPI paySign)."""
    return rsa_sign(private_key, message)


def verify(headers, body, public_key, platform_serial):
    """Whether ``body`` is signed by WeChat Pay: the Wechatpay-* headers, checked with the
    platform public key, the serial it names and a fresh timestamp."""
    signature = headers.get("Wechatpay-Signature")
    timestamp = headers.get("Wechatpay-Timestamp") or ""
    nonce = headers.get("Wechatpay-Nonce")
    if not (signature and timestamp and nonce):
        return False
    if headers.get("Wechatpay-Signature-Type", const.SIGNATURE_TYPE) != const.SIGNATURE_TYPE:
        return False
    if (headers.get("Wechatpay-Serial") or "").upper() != (platform_serial or "").upper():
        return False
    if not timestamp.isdigit() or abs(int(timestamp) - time.time()) > MAX_CLOCK_SKEW:
        return False
    return rsa_verify(timestamp, nonce, body, signature, public_key)


def decrypt_resource(resource, api_v3_key):
    """The decrypted resource (a dict) of a notification, or None when it does not decrypt."""
    if not isinstance(resource, dict) or resource.get("algorithm") != "AEAD_AES_256_GCM":
        return None
    nonce, ciphertext = resource.get("nonce"), resource.get("ciphertext")
    if not (isinstance(nonce, str) and isinstance(ciphertext, str) and api_v3_key):
        return None
    try:
        plain = aes_decrypt(
            nonce=nonce,
            ciphertext=ciphertext,
            associated_data=resource.get("associated_data") or "",
            apiv3_key=api_v3_key,
        )
    except ValueError:  # a key or nonce of the wrong size, base64 that does not decode
        return None
    if not plain:
        return None
    try:
        data = json.loads(plain)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
