"""A test-side QR signer and store seeding, written from ``docs/proxy-api.md``."""

from __future__ import annotations

import base64
import hashlib
import struct

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KIND_BYTE = {"booking": 1, "ticket": 2, "card": 3}
SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"


def public_of(seed: str) -> bytes:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(seed: str) -> str:
    return hashlib.sha256(public_of(seed)).hexdigest()[:8]


def sign(seed, code, venue, kind, valid_from, valid_to, nonce):
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
    kid = hashlib.sha256(public_of(seed)).digest()[:4]
    body = struct.pack(
        ">B4sQIBII8s",
        1,
        kid,
        code,
        venue,
        KIND_BYTE[kind],
        int(valid_from),
        int(valid_to),
        bytes.fromhex(nonce),
    )
    return base64.urlsafe_b64encode(body + key.sign(body)).rstrip(b"=").decode()


def venue_page(points, venue_id=1, company_id=1, opening=None):
    """A sync page with the key, one venue (open around the clock) and ``points``."""
    return {
        "cursor": "0:0",
        "keys": [
            {
                "key_id": key_id(SEED),
                "public_key": public_of(SEED).hex(),
                "state": "active",
                "valid_until": None,
            }
        ],
        "venues": [
            {
                "id": venue_id,
                "code": "T",
                "tz": "Asia/Shanghai",
                "company_id": company_id,
                "opening": opening or [[d, 0.0, 24.0] for d in range(7)],
            }
        ],
        "points": [
            {
                "code": code,
                "id": index,
                "company_id": company_id,
                "venue_id": venue_id,
                "area_id": area,
                "direction": direction,
                "anti_passback": passback,
                "passback_timeout": 0,
                "sharing_minutes": 0,
            }
            for index, (code, area, direction, passback) in enumerate(points, start=1)
        ],
        "lights": [],
        "entitlements": [],
        "credentials": [],
    }
