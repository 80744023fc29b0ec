"""``data/access_vectors.json`` decided by the package alone, as both callers do.

The vectors live at the repository root; outside a checkout (an sdist) they are skipped.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from arena_access import (
    Facts,
    OpeningWindows,
    Passage,
    TokenError,
    decide,
    direction_at,
    parse_read,
    token,
)

PATH = Path(__file__).resolve().parents[3] / "data" / "access_vectors.json"
if not PATH.exists():
    pytest.skip("no data/access_vectors.json outside the repository", allow_module_level=True)
VECTORS = json.loads(PATH.read_text("utf-8"))
AREAS = {name: index for index, name in enumerate(VECTORS["areas"], start=10)}
POINTS = {code: index for index, code in enumerate(VECTORS["points"], start=100)}
HOURS = OpeningWindows.from_json(VECTORS["venue"]["hours"])
ZONE = ZoneInfo(VECTORS["venue"]["tz"])


def moment(text):
    return datetime.fromisoformat(text)


def trusted_keys():
    keys = {}
    for name in VECTORS["trusted_keys"]:
        public = token.public_raw(token.private_key_from_seed(VECTORS["keys"][name]))
        keys[token.key_id_of(public)] = public
    return keys


def read_of(case, nonce):
    spec, cred = case["entitlement"], case["credential"]
    if cred["kind"] == "uid":
        return "FFFFFFFF" if cred.get("unknown") else cred["value"]
    text = token.sign(
        VECTORS["keys"][cred["key"]],
        7,
        1,
        spec["kind"],
        int(moment(spec["valid_from"]).timestamp()),
        int(moment(spec["valid_to"]).timestamp()),
        nonce,
    )
    raw = token.unb64url(text)
    tamper = cred.get("tamper")
    if tamper == "signature":
        return token.b64url(raw[:-1] + bytes([raw[-1] ^ 1]))
    if tamper == "payload":
        return token.b64url(raw[:9] + bytes([raw[9] ^ 1]) + raw[10:])
    if tamper == "truncate":
        return text[:-12]
    if tamper == "garbage":
        return "!!" + "x" * 120
    return text


def run_case(case):
    if case["point"] not in VECTORS["points"]:
        return "denied", "unknown_point"
    spec, cred = case["entitlement"], case["credential"]
    nonce = secrets.token_hex(8)
    parsed = parse_read(read_of(case, nonce))
    if parsed is None:
        return "denied", "malformed"
    kind, value = parsed
    known = True
    if kind == "qr":
        try:
            claims = token.verify(value, trusted_keys())
        except TokenError as error:
            return "denied", error.reason
        assert claims.nonce == nonce
    else:
        known = value == cred["value"]
    at = moment(case["at"])
    point_spec = VECTORS["points"][case["point"]]
    area_id = AREAS[point_spec["area"]]
    history = [
        Passage(
            moment(item["at"]),
            POINTS[item["point"]],
            AREAS[VECTORS["points"][item["point"]]["area"]],
            item.get("direction") or VECTORS["points"][item["point"]]["direction"],
        )
        for item in case["history"]
    ]
    day_start = at.astimezone(ZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    facts = Facts.from_history(history, at, area_id, day_start)
    point = {
        "id": POINTS[case["point"]],
        "company_id": 1,
        "venue_id": 1,
        "area_id": area_id,
        "direction": direction_at(
            point_spec["direction"],
            None,
            facts.last_in_area.direction if facts.last_in_area else None,
        ),
        **VECTORS["areas"][point_spec["area"]],
        "price": point_spec.get("price"),
    }
    entitlement = {
        "state": spec["state"],
        "company_id": 1,
        "venue_ids": [1],
        "area_ids": [AREAS[name] for name in spec["areas"]],
        "valid_from": moment(spec["valid_from"]),
        "valid_to": moment(spec["valid_to"]),
        "uses_left": spec["uses_left"],
        "daily_cap": spec["daily_cap"],
        "opening_hours": spec["opening_hours"],
        "balance": spec.get("balance"),
        "owes": spec.get("owes", False),
    }
    credential = {"state": cred["state"]} if known else None
    return decide(at, point, credential, entitlement, facts, HOURS.is_open(at))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vector(case):
    assert run_case(case) == (case["expect"]["decision"], case["expect"]["reason"])


@pytest.mark.parametrize("vector", VECTORS["encoding"], ids=lambda v: v["key"])
def test_encoding_vector(vector):
    seed = VECTORS["keys"][vector["key"]]
    public = token.public_raw(token.private_key_from_seed(seed))
    assert token.key_id_of(public) == vector["key_id"]
    claims = (vector["code"], vector["venue"], vector["kind"])
    text = token.sign(seed, *claims, vector["valid_from"], vector["valid_to"], vector["nonce"])
    assert text == vector["token"]
    read = token.verify(text, {vector["key_id"]: public})
    assert (read.code, read.venue_id, read.kind, read.nonce) == (*claims, vector["nonce"])


def test_vectors_cover_closures_and_holidays():
    names = " ".join(case["name"] for case in VECTORS["cases"])
    assert "holiday" in names and "closure" in names
    assert VECTORS["venue"]["hours"]["closures"]
