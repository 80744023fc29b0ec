"""Signed QR credentials: a compact Ed25519-signed payload in base64url.

Layout (big endian, 34 bytes) followed by the 64-byte Ed25519 signature of those bytes:

====== ======= =========================================================
offset size    field
====== ======= =========================================================
0      1       version (1)
1      4       key id: the first 4 bytes of SHA-256 of the raw public key
5      8       credential code (random, unique per company)
13     4       venue id
17     1       entitlement kind (1 booking, 2 ticket, 3 card)
18     4       valid from, Unix seconds
22     4       valid to, Unix seconds (exclusive)
26     8       nonce
====== ======= =========================================================

The token is the base64url text of the 98 bytes without padding (131 characters). It has
no Odoo import: ``docs/proxy-api.md`` documents it for the hardware proxy, and the shared
vectors in ``data/access_vectors.json`` pin it down for both sides.
"""

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

VERSION = 1
PAYLOAD = struct.Struct(">B4sQIBII8s")
SIGNATURE_SIZE = 64
TOKEN_SIZE = PAYLOAD.size + SIGNATURE_SIZE
KINDS = {"booking": 1, "ticket": 2, "card": 3}
KIND_NAMES = {number: name for name, number in KINDS.items()}


class TokenError(ValueError):
    """A token that cannot be trusted; ``reason`` is the access reason code."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Claims:
    key_id: str
    code: int
    venue_id: int
    kind: str
    valid_from: int
    valid_to: int
    nonce: str


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def private_key_from_seed(seed_hex):
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))


def public_raw(private_key):
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id_of(public_key_raw):
    return hashlib.sha256(public_key_raw).digest()[:4].hex()


def sign(seed_hex, code, venue_id, kind, valid_from, valid_to, nonce_hex):
    """Return the token of these claims, signed with the key whose seed is ``seed_hex``."""
    private_key = private_key_from_seed(seed_hex)
    payload = PAYLOAD.pack(
        VERSION,
        bytes.fromhex(key_id_of(public_raw(private_key))),
        code,
        venue_id,
        KINDS[kind],
        int(valid_from),
        int(valid_to),
        bytes.fromhex(nonce_hex),
    )
    return b64url(payload + private_key.sign(payload))


def peek(token):
    """Decode a token without checking its signature. Raises ``TokenError``."""
    if not isinstance(token, str) or not token or len(token) > 2 * TOKEN_SIZE:
        raise TokenError("malformed", "not a token")
    try:
        raw = unb64url(token.strip())
    except (binascii.Error, ValueError) as error:
        raise TokenError("malformed", "not base64url") from error
    if len(raw) != TOKEN_SIZE:
        raise TokenError("malformed", f"{len(raw)} bytes instead of {TOKEN_SIZE}")
    version, key_id, code, venue_id, kind, valid_from, valid_to, nonce = PAYLOAD.unpack(
        raw[: PAYLOAD.size]
    )
    if version != VERSION or kind not in KIND_NAMES:
        raise TokenError("malformed", "unknown version or kind")
    claims = Claims(
        key_id.hex(), code, venue_id, KIND_NAMES[kind], valid_from, valid_to, nonce.hex()
    )
    return claims, raw[: PAYLOAD.size], raw[PAYLOAD.size :]


def verify(token, public_keys):
    """Return the claims of a genuine token. ``public_keys`` maps key id to raw key bytes.

    Raises ``TokenError`` with reason ``malformed`` or ``invalid_signature``.
    """
    claims, payload, signature = peek(token)
    public_raw_key = public_keys.get(claims.key_id)
    if not public_raw_key:
        raise TokenError("invalid_signature", f"unknown key {claims.key_id}")
    try:
        Ed25519PublicKey.from_public_bytes(public_raw_key).verify(signature, payload)
    except InvalidSignature as error:
        raise TokenError("invalid_signature", "bad signature") from error
    return claims
