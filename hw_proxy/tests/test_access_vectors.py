"""The shared access vectors (``data/access_vectors.json``), decided offline by the proxy.

Odoo runs the same file in ``addons/sports_access/tests/test_vectors.py``: both must agree
on every case.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import datetime
from pathlib import Path

import pytest
from qrsign import public_of, sign

from arena_access import token as qr
from hw_proxy.access.gatekeeper import Gatekeeper
from hw_proxy.access.store import Store

VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "access_vectors.json").read_text("utf-8")
)
VENUE_ID, COMPANY_ID = 1, 1
AREA_IDS = {name: index for index, name in enumerate(VECTORS["areas"], start=10)}
POINT_IDS = {code: index for index, code in enumerate(VECTORS["points"], start=100)}


def ts(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def seed_store(store: Store) -> None:
    keys = []
    for name in VECTORS["trusted_keys"]:
        public = public_of(VECTORS["keys"][name])
        keys.append(
            {
                "key_id": qr.key_id_of(public),
                "public_key": public.hex(),
                "state": "active" if name == "k1" else "retired",
                "valid_until": "2099-01-01T00:00:00Z",
            }
        )
    store.apply_sync(
        {
            "cursor": "0:0",
            "keys": keys,
            "venues": [
                {
                    "id": VENUE_ID,
                    "code": "VEC",
                    "company_id": COMPANY_ID,
                    # What Odoo's sync sends: windows, weekly hours and closure dates.
                    **VECTORS["venue"]["hours"],
                }
            ],
            "points": [
                {
                    "code": code,
                    "id": POINT_IDS[code],
                    "company_id": COMPANY_ID,
                    "venue_id": VENUE_ID,
                    "area_id": AREA_IDS[spec["area"]],
                    "direction": spec["direction"],
                    **VECTORS["areas"][spec["area"]],
                    "price": spec.get("price"),
                }
                for code, spec in VECTORS["points"].items()
            ],
            "lights": [],
            "entitlements": [],
            "credentials": [],
        }
    )


def run_case(case, tmp_path) -> tuple[str, str | None]:
    store = Store(tmp_path / f"{secrets.token_hex(4)}.sqlite3")
    seed_store(store)
    spec = case["entitlement"]
    entitlement = {
        "id": 1,
        "kind": spec["kind"],
        "state": spec["state"],
        "company_id": COMPANY_ID,
        "venue_ids": [VENUE_ID],
        "area_ids": [AREA_IDS[a] for a in spec["areas"]],
        "valid_from": spec["valid_from"],
        "valid_to": spec["valid_to"],
        "uses_left": spec["uses_left"],
        "daily_cap": spec["daily_cap"],
        "opening_hours": spec["opening_hours"],
        "balance": spec.get("balance"),
        "owes": spec.get("owes", False),
    }
    cred = case["credential"]
    credential = {"id": 1, "kind": cred["kind"], "entitlement_id": 1, "state": cred["state"]}
    if cred["kind"] == "uid":
        credential["value"] = cred["value"]
        read = "FFFFFFFF" if cred.get("unknown") else cred["value"]
    else:
        code, nonce = secrets.randbelow(2**31), secrets.token_hex(8)
        credential.update(code=code, nonce=nonce)
        read = sign(
            VECTORS["keys"][cred["key"]],
            code,
            VENUE_ID,
            spec["kind"],
            int(ts(spec["valid_from"])),
            int(ts(spec["valid_to"])),
            nonce,
        )
        raw = base64.urlsafe_b64decode(read + "=" * (-len(read) % 4))
        tamper = cred.get("tamper")
        if tamper == "signature":
            read = base64.urlsafe_b64encode(raw[:-1] + bytes([raw[-1] ^ 1])).rstrip(b"=").decode()
        elif tamper == "payload":
            changed = raw[:9] + bytes([raw[9] ^ 1]) + raw[10:]
            read = base64.urlsafe_b64encode(changed).rstrip(b"=").decode()
        elif tamper == "truncate":
            read = read[:-12]
        elif tamper == "garbage":
            read = "!!" + "x" * 120
    store.apply_sync({"cursor": "1:1", "entitlements": [entitlement], "credentials": [credential]})
    for passage in case["history"]:
        point = VECTORS["points"][passage["point"]]
        store.db.execute(
            "INSERT INTO passages (holder, point_id, area_id, direction, at) VALUES (?,?,?,?,?)",
            (
                "e1",
                POINT_IDS[passage["point"]],
                AREA_IDS[point["area"]],
                passage.get("direction") or point["direction"],
                ts(passage["at"]),
            ),
        )
    decision = Gatekeeper(store).check(read, case["point"], at=ts(case["at"]))
    store.close()
    return decision.decision, decision.reason


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vector(case, tmp_path):
    assert run_case(case, tmp_path) == (case["expect"]["decision"], case["expect"]["reason"])


@pytest.mark.parametrize("vector", VECTORS["encoding"], ids=lambda v: v["key"])
def test_encoding_vector(vector):
    public = public_of(VECTORS["keys"][vector["key"]])
    assert qr.key_id_of(public) == vector["key_id"]
    token = sign(
        VECTORS["keys"][vector["key"]],
        vector["code"],
        vector["venue"],
        vector["kind"],
        vector["valid_from"],
        vector["valid_to"],
        vector["nonce"],
    )
    assert token == vector["token"]
    payload = qr.verify(vector["token"], {vector["key_id"]: public})
    assert (payload.code, payload.venue_id, payload.kind, payload.nonce) == (
        vector["code"],
        vector["venue"],
        vector["kind"],
        vector["nonce"],
    )
