"""Keys, signatures and the Authorization header of WeChat Pay API v3, as the local fake
server (wechatpay_server.py) and the tests use them. Test keys are generated at runtime."""

import base64
import datetime
import re
import secrets
import string

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

AUTH_SCHEME = "WECHATPAY2-SHA256-RSA2048"


def generate_rsa_key():
    """A fresh 2048-bit RSA key (test keys are generated at runtime, never committed)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_key_pem(key):
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def self_signed_cert(key, common_name, serial_number):
    """A self-signed X.509 certificate for ``key`` valid for a day around now."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial_number)
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


def rsa_sign(key, message):
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa_verify(public_key, message, signature):
    try:
        public_key.verify(
            base64.b64decode(signature, validate=True),
            message.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def nonce_str(length=32):
    return "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(length))


def parse_authorization(header):
    """The parameters of a WECHATPAY2-SHA256-RSA2048 Authorization header, or None."""
    if not header or not header.startswith(AUTH_SCHEME + " "):
        return None
    params = dict(re.findall(r'(\w+)="([^"]*)"', header[len(AUTH_SCHEME) + 1 :]))
    if not {"mchid", "nonce_str", "signature", "timestamp", "serial_no"} <= params.keys():
        return None
    return params
