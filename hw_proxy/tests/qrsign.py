"""Test helpers: sign QR tokens with a test key (``arena_access.token``) and seed a store."""

from __future__ import annotations

from arena_access import token

SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
sign = token.sign


def public_of(seed: str) -> bytes:
    return token.public_raw(token.private_key_from_seed(seed))


def key_id(seed: str) -> str:
    return token.key_id_of(public_of(seed))


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
