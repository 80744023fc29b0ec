"""Signed QR credentials: a compact Ed25519-signed payload in base64url.

Layout (big endian, 34 bytes) followed by the 64-byte Ed25519 signature of those bytes:

====== ======= =========================================================
offset size    field
====== ======= =========================================================
0      1       version (1)
1      4       key id: the first 4 bytes of SHA-256 of the raw public key
5      8       credential code (random, unique per company)
13     4       venue id (0 = every venue of the company)
17     1       entitlement kind (1 booking, 2 ticket, 3 card, 4 training, 5 event)
18     4       valid from, Unix seconds
22     4       valid to, Unix seconds (exclusive)
26     8       nonce
====== ======= =========================================================

The token is the base64url text of the 98 bytes without padding (131 characters).
``docs/proxy-api.md`` documents it and ``data/access_vectors.json`` pins it down.
"""

from __future__ import annotations

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
KINDS = {"booking": 1, "ticket": 2, "card": 3, "training": 4, "event": 5}
# Kinds whose validity window is a scheduled slot (a booking, a class session, an
# event's days): they open the gate in that window, whatever the venue's opening hours.
SCHEDULED_KINDS = frozenset({"booking", "training", "event"})
KIND_NAMES = {number: name for name, number in KINDS.items()}


class TokenError(ValueError):
    """A token that cannot be trusted; ``reason`` is the access reason code
    (``malformed`` or ``invalid_signature``)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Claims:
    key_id: str
    code: int
    venue_id: int
    kind: str
    valid_from: int
    valid_to: int
    nonce: str


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def looks_like_token(text: str) -> bool:
    """QR tokens are long; card UIDs, plates and face ids are short."""
    return len(text) >= TOKEN_SIZE


def private_key_from_seed(seed_hex: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))


def public_raw(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id_of(public_key_raw: bytes) -> str:
    """The key id of a raw public key: hex of the first 4 bytes of its SHA-256."""
    return hashlib.sha256(public_key_raw).digest()[:4].hex()


def sign(
    seed_hex: str,
    code: int,
    venue_id: int,
    kind: str,
    valid_from: int,
    valid_to: int,
    nonce_hex: str,
) -> str:
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


def peek(token: str) -> tuple[Claims, bytes, bytes]:
    """``(claims, signed bytes, signature)`` of a token, signature unchecked.

    Raises ``TokenError("malformed", ...)``.
    """
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


def verify(token: str, public_keys: dict[str, bytes]) -> Claims:
    """The claims of a genuine token; ``public_keys`` maps key id to raw key bytes.

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
