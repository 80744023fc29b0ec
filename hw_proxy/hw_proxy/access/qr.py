"""Reading Arena QR payloads (layout in ``docs/proxy-api.md``)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_LAYOUT = struct.Struct(">B4sQIBII8s")
_SIGNED_SIZE = _LAYOUT.size + 64
_KIND_BY_BYTE = {1: "booking", 2: "ticket", 3: "card"}


class Rejected(Exception):
    """The payload cannot be trusted; ``reason`` is the access reason code."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Payload:
    key_id: str
    code: int
    venue_id: int
    kind: str
    valid_from: int
    valid_to: int
    nonce: str


def looks_like_qr(text: str) -> bool:
    """QR payloads are long; card UIDs and plates are short."""
    return len(text) >= _SIGNED_SIZE


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:8]


def read(text: str, public_keys: dict[str, bytes]) -> Payload:
    """Decode and check a payload against the trusted keys; raise ``Rejected``."""
    if not isinstance(text, str) or len(text) > 2 * _SIGNED_SIZE:
        raise Rejected("malformed")
    try:
        blob = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError) as error:
        raise Rejected("malformed") from error
    if len(blob) != _SIGNED_SIZE:
        raise Rejected("malformed")
    signed, signature = blob[: _LAYOUT.size], blob[_LAYOUT.size :]
    version, kid, code, venue_id, kind, valid_from, valid_to, nonce = _LAYOUT.unpack(signed)
    if version != 1 or kind not in _KIND_BY_BYTE:
        raise Rejected("malformed")
    public = public_keys.get(kid.hex())
    if public is None:
        raise Rejected("invalid_signature")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, signed)
    except InvalidSignature as error:
        raise Rejected("invalid_signature") from error
    return Payload(
        kid.hex(), code, venue_id, _KIND_BY_BYTE[kind], valid_from, valid_to, nonce.hex()
    )
