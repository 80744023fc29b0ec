"""Stored-value cards at a priced gate, offline: the proxy admits an entry its synced
balance covers, lowers its own copy of the balance (on disk, so a second entry and a
restart see it) and lets the next sync from Odoo replace it with the truth."""

from __future__ import annotations

from qrsign import venue_page

from hw_proxy.access.gatekeeper import Gatekeeper
from hw_proxy.access.store import Store

POINTS = [("pool-in", 7, "in", True), ("pool-out", 7, "out", False), ("gym-in", 8, "in", False)]
UID = {"kind": "uid", "value": "04A1B2C3"}


def store_at(tmp_path) -> Store:
    store = Store(tmp_path / "proxy.sqlite3")
    page = venue_page(POINTS)
    page["points"][0]["price"] = 30.0
    store.apply_sync(page)
    return store


def sync_card(store: Store, balance: float, owes: bool = False, cursor: str = "5:5") -> None:
    """What Odoo's sync sends for a stored-value card with its UID."""
    store.apply_sync(
        {
            "cursor": cursor,
            "entitlements": [
                {
                    "id": 31,
                    "kind": "card",
                    "state": "active",
                    "company_id": 1,
                    "venue_ids": [],
                    "area_ids": [],
                    "valid_from": None,
                    "valid_to": None,
                    "uses_left": None,
                    "daily_cap": 0,
                    "opening_hours": True,
                    "partner": "王芳",
                    "balance": balance,
                    "owes": owes,
                }
            ],
            "credentials": [
                {
                    "id": 41,
                    "kind": "uid",
                    "code": None,
                    "nonce": None,
                    "value": UID["value"],
                    "entitlement_id": 31,
                    "state": "active",
                    "valid_to": None,
                }
            ],
        }
    )


def swim(gate: Gatekeeper) -> tuple[str, str | None]:
    """An entry at the priced pool gate and, if granted, the exit after it."""
    decision = gate.check(UID, "pool-in")
    if decision.granted:
        gate.check(UID, "pool-out")
    return decision.decision, decision.reason


def test_a_covered_entry_is_admitted_and_lowers_the_local_balance(tmp_path):
    store = store_at(tmp_path)
    sync_card(store, 70.0)
    gate = Gatekeeper(store)
    assert swim(gate) == ("granted", None)
    assert swim(gate) == ("granted", None)
    # 70 - 2 x 30 = 10: the third entry is not covered, and is denied without a charge.
    assert swim(gate) == ("denied", "insufficient_balance")
    assert swim(gate) == ("denied", "insufficient_balance")
    events = store.outbox_batch()
    assert [(e["direction"], e["decision"]) for e in events] == [
        ("in", "granted"),
        ("out", "granted"),
        ("in", "granted"),
        ("out", "granted"),
        ("in", "denied"),
        ("in", "denied"),
    ]
    assert events[0]["credential"] == UID
    assert store.local_spent(31) == 60.0


def test_the_local_balance_survives_a_restart(tmp_path):
    store = store_at(tmp_path)
    sync_card(store, 50.0)
    assert swim(Gatekeeper(store)) == ("granted", None)
    store.close()
    again = Store(tmp_path / "proxy.sqlite3")
    assert swim(Gatekeeper(again)) == ("denied", "insufficient_balance")
    again.close()


def test_the_next_sync_from_odoo_replaces_the_local_balance(tmp_path):
    store = store_at(tmp_path)
    sync_card(store, 50.0)
    gate = Gatekeeper(store)
    assert swim(gate) == ("granted", None)
    # A sync before the upload: Odoo does not know the entry yet, the local spend stays.
    sync_card(store, 50.0, cursor="6:1")
    assert swim(gate) == ("denied", "insufficient_balance")
    # Odoo stores the events and charges 30: the sync after says 20, the truth.
    store.outbox_done([e["uuid"] for e in store.outbox_batch()])
    sync_card(store, 20.0, cursor="7:1")
    assert store.local_spent(31) == 0.0
    assert swim(gate) == ("denied", "insufficient_balance")
    # A top-up at the desk (Odoo says 80): admitted again, nothing counted twice.
    sync_card(store, 80.0, cursor="8:1")
    assert swim(gate) == ("granted", None)
    assert swim(gate) == ("granted", None)
    assert swim(gate) == ("denied", "insufficient_balance")


def test_a_card_that_owes_or_an_unpriced_point_is_refused(tmp_path):
    store = store_at(tmp_path)
    sync_card(store, 500.0, owes=True)
    gate = Gatekeeper(store)
    assert swim(gate) == ("denied", "card_owes")
    sync_card(store, 500.0, owes=False, cursor="6:1")
    decision = gate.check(UID, "gym-in")
    assert (decision.decision, decision.reason) == ("denied", "no_price")
    assert store.local_spent(31) == 0.0
    # Leaving is always allowed, whatever the balance.
    sync_card(store, 0.0, owes=True, cursor="7:1")
    assert gate.check(UID, "pool-out").granted


def test_an_old_database_gets_the_new_columns(tmp_path):
    """A proxy upgraded in place keeps its SQLite file: the price and balance columns are
    added to it."""
    path = tmp_path / "old.sqlite3"
    store = Store(path)
    for table, column in (
        ("points", "price"),
        ("entitlements", "balance"),
        ("entitlements", "owes"),
        ("local_uses", "spent"),
        ("local_uses", "spent_acked"),
        ("outbox", "spent"),
        ("dead_letters", "spent"),
    ):
        store.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    store.close()
    store = Store(path)
    page = venue_page(POINTS)
    page["points"][0]["price"] = 30.0
    store.apply_sync(page)
    sync_card(store, 40.0)
    assert swim(Gatekeeper(store)) == ("granted", None)
    assert swim(Gatekeeper(store)) == ("denied", "insufficient_balance")


def test_a_dead_letter_keeps_its_spend_until_odoo_stores_it(tmp_path):
    """An entry Odoo refused for good and a person requeued still lowers the local
    balance until Odoo stores it and the sync after says what Odoo charged."""
    store = store_at(tmp_path)
    sync_card(store, 50.0)
    gate = Gatekeeper(store)
    entry = gate.check(UID, "pool-in")
    assert entry.granted
    store.outbox_dead(entry.uuid, "point unknown in Odoo", now=1.0)
    assert store.local_spent(31) == 30.0
    assert store.dead_requeue(entry.uuid, now=2.0) == "event"
    store.outbox_done([entry.uuid])
    sync_card(store, 20.0, cursor="6:1")
    assert store.local_spent(31) == 0.0
