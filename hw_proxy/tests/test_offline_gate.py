"""Offline decisions on the local store: outbox before opening, local use counting."""

from __future__ import annotations

import json
import time

from qrsign import SEED, sign, venue_page

from hw_proxy.access.gatekeeper import Gatekeeper
from hw_proxy.access.store import Store

POINTS = [("pool-in", 7, "in", True), ("pool-out", 7, "out", False)]


def single_ticket(store: Store, uses_left=1, code=4242, nonce="0102030405060708"):
    store.apply_sync(
        {
            "cursor": "5:5",
            "entitlements": [
                {
                    "id": 11,
                    "kind": "ticket",
                    "state": "active",
                    "company_id": 1,
                    "venue_ids": [1],
                    "area_ids": [7],
                    "valid_from": None,
                    "valid_to": None,
                    "uses_left": uses_left,
                    "daily_cap": 0,
                    "opening_hours": True,
                    "partner": "李娜",
                }
            ],
            "credentials": [
                {
                    "id": 21,
                    "kind": "qr",
                    "code": code,
                    "nonce": nonce,
                    "value": None,
                    "entitlement_id": 11,
                    "state": "active",
                    "valid_to": None,
                }
            ],
        }
    )
    now = time.time()
    return sign(SEED, code, 1, "ticket", now - 3600, now + 86400, nonce)


def store_at(tmp_path) -> Store:
    store = Store(tmp_path / "proxy.sqlite3")
    store.apply_sync(venue_page(POINTS))
    return store


def test_a_single_entry_qr_is_refused_when_replayed_offline(tmp_path):
    store = store_at(tmp_path)
    token = single_ticket(store)
    gate = Gatekeeper(store)
    first = gate.check(token, "pool-in")
    assert (first.decision, first.partner) == ("granted", "李娜")
    gate.check(token, "pool-out")
    replay = gate.check(token, "pool-in")
    assert (replay.decision, replay.reason) == ("denied", "no_uses_left")
    events = store.outbox_batch()
    assert [e["decision"] for e in events] == ["granted", "granted", "denied"]
    assert events[0]["credential"] == {"kind": "qr", "code": 4242}
    assert "T" in events[0]["device_time"] and events[0]["device_time"][-6] in "+-"


def test_the_event_is_on_disk_before_the_gate_opens(tmp_path):
    store = store_at(tmp_path)
    token = single_ticket(store)
    decision = Gatekeeper(store).check(token, "pool-in")
    # A second connection (another process after a crash) sees the committed event.
    other = Store(tmp_path / "proxy.sqlite3")
    payloads = [json.loads(r["payload"]) for r in other.db.execute("SELECT payload FROM outbox")]
    assert [p["uuid"] for p in payloads] == [decision.uuid]
    other.close()


def test_local_uses_are_released_once_odoo_has_counted_them(tmp_path):
    store = store_at(tmp_path)
    token = single_ticket(store, uses_left=2)
    gate = Gatekeeper(store)
    assert gate.check(token, "pool-in").granted
    gate.check(token, "pool-out")
    assert gate.check(token, "pool-in").granted
    gate.check(token, "pool-out")
    assert gate.check(token, "pool-in").reason == "no_uses_left"
    # Odoo stores the events, counts both entries, and the next sync says 0 left.
    store.outbox_done([e["uuid"] for e in store.outbox_batch()])
    assert store.outbox_depth() == 0
    single_ticket(store, uses_left=0)
    assert gate.check(token, "pool-in").reason == "no_uses_left"
    # A top-up of entries in Odoo (uses_left back to 1) opens again: nothing is double-counted.
    single_ticket(store, uses_left=1)
    assert gate.check(token, "pool-in").granted


def test_a_qr_issued_after_the_last_sync_is_admitted_once_on_its_signature(tmp_path):
    store = store_at(tmp_path)
    now = time.time()
    token = sign(SEED, 999, 1, "ticket", now - 60, now + 3600, "aabbccddeeff0011")
    gate = Gatekeeper(store)
    assert gate.check(token, "pool-in").granted
    gate.check(token, "pool-out")
    assert gate.check(token, "pool-in").reason == "no_uses_left"
    expired = sign(SEED, 998, 1, "ticket", now - 7200, now - 3600, "aabbccddeeff0012")
    assert gate.check(expired, "pool-in").reason == "expired"
    elsewhere = sign(SEED, 997, 2, "ticket", now - 60, now + 3600, "aabbccddeeff0013")
    assert gate.check(elsewhere, "pool-in").reason == "wrong_area"


def test_revocation_by_sync_is_applied_offline(tmp_path):
    store = store_at(tmp_path)
    token = single_ticket(store, uses_left=5)
    store.apply_sync(
        {
            "cursor": "6:1",
            "credentials": [
                {
                    "id": 21,
                    "kind": "qr",
                    "code": 4242,
                    "nonce": "0102030405060708",
                    "value": None,
                    "entitlement_id": 11,
                    "state": "revoked",
                    "valid_to": None,
                }
            ],
        }
    )
    assert Gatekeeper(store).check(token, "pool-in").reason == "revoked"
    assert store.get_meta("cursor") == "6:1"


def test_lights_follow_the_synced_schedule_offline(tmp_path):
    from hw_proxy.access.controller import AccessController
    from hw_proxy.config import loads_config

    config = loads_config(
        """
[venue]
code = "TV"
name = "t"
[odoo]
url = "http://127.0.0.1:9"
db = "x"
api_key = "k"
[[devices]]
id = "light-1"
kind = "light"
[[devices]]
id = "light-2"
kind = "light"
"""
    )
    store = store_at(tmp_path)
    now = time.time()
    page = venue_page(POINTS)
    page["lights"] = [
        {
            "device": "light-1",
            "on_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60)),
            "off_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 120)),
        }
    ]
    store.apply_sync(page)
    sent = []
    controller = AccessController(config, store, None, lambda d, c: sent.append((d, c["action"])))
    assert controller.apply_lights(now) == {"light-1": "on", "light-2": "off"}
    assert controller.apply_lights(now + 1) == {"light-1": "on", "light-2": "off"}
    assert sent == [("light-1", "on"), ("light-2", "off")], "only changes are sent"
    controller.apply_lights(now + 121)
    assert sent[-1] == ("light-1", "off")
