"""The proxy's local SQLite database: the synced cache, local passages and the outbox.

One file in WAL mode. An event is committed before the gate opens, so a ``kill -9`` after
the relay command loses nothing. With ``synchronous = "normal"`` (the default) a commit
survives any crash of the proxy but not a power cut of the box, and a decision takes well
under a millisecond; ``"full"`` also survives power cuts, at the price of one disk flush
(several milliseconds on SD cards) per decision. Times are Unix seconds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from arena_access import OpeningWindows

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
-- opening: the JSON of arena_access.OpeningWindows (windows, weekly hours, closures).
CREATE TABLE IF NOT EXISTS venues (
    id INTEGER PRIMARY KEY, code TEXT, tz TEXT, company_id INTEGER, opening TEXT);
CREATE TABLE IF NOT EXISTS points (
    code TEXT PRIMARY KEY, id INTEGER, company_id INTEGER, venue_id INTEGER,
    area_id INTEGER, direction TEXT, anti_passback INTEGER, passback_timeout INTEGER,
    sharing_minutes INTEGER);
CREATE TABLE IF NOT EXISTS keys (
    key_id TEXT PRIMARY KEY, public_key TEXT, state TEXT, valid_until REAL);
CREATE TABLE IF NOT EXISTS entitlements (
    id INTEGER PRIMARY KEY, kind TEXT, state TEXT, company_id INTEGER, venue_ids TEXT,
    area_ids TEXT, valid_from REAL, valid_to REAL, uses_left INTEGER, daily_cap INTEGER,
    opening_hours INTEGER, slot_minutes INTEGER, first_entry_at REAL, partner TEXT);
CREATE TABLE IF NOT EXISTS credentials (
    id INTEGER PRIMARY KEY, kind TEXT, code INTEGER, nonce TEXT, value TEXT,
    entitlement_id INTEGER, state TEXT, valid_to REAL);
CREATE INDEX IF NOT EXISTS credentials_code ON credentials (code);
CREATE INDEX IF NOT EXISTS credentials_value ON credentials (kind, value);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, holder TEXT, point_id INTEGER, area_id INTEGER,
    direction TEXT, at REAL);
CREATE INDEX IF NOT EXISTS passages_holder ON passages (holder, at);
CREATE TABLE IF NOT EXISTS local_uses (
    entitlement_id INTEGER PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0,
    acked INTEGER NOT NULL DEFAULT 0, first_entry_at REAL);
CREATE TABLE IF NOT EXISTS outbox (
    uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at REAL NOT NULL,
    entitlement_id INTEGER, counted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS readings (
    uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at REAL NOT NULL);
-- Events and readings Odoo refused for good, kept for a person to look at (and requeue).
CREATE TABLE IF NOT EXISTS dead_letters (
    uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, error TEXT, dead_at REAL NOT NULL,
    entitlement_id INTEGER, counted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS dead_readings (
    uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, error TEXT, dead_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS lights (
    device TEXT, on_at REAL, off_at REAL, PRIMARY KEY (device, on_at));
"""


# (table, column, declaration) of every column added to SCHEMA's tables since the first
# release, in the order they came.
ADDED_COLUMNS = (
    ("dead_letters", "entitlement_id", "INTEGER"),
    ("dead_letters", "counted", "INTEGER NOT NULL DEFAULT 0"),
    # Stored-value cards: the price of an entry at a point (NULL: none), the balance a
    # card may spend (NULL: it pays nothing per entry) and whether it owes an entry.
    ("points", "price", "REAL"),
    ("entitlements", "balance", "REAL"),
    ("entitlements", "owes", "INTEGER NOT NULL DEFAULT 0"),
    # Money spent here and not yet synced back, like ``used``/``acked`` for entries.
    ("local_uses", "spent", "REAL NOT NULL DEFAULT 0"),
    ("local_uses", "spent_acked", "REAL NOT NULL DEFAULT 0"),
    ("outbox", "spent", "REAL NOT NULL DEFAULT 0"),
    ("dead_letters", "spent", "REAL NOT NULL DEFAULT 0"),
)
ENTITLEMENT_COLUMNS = (
    "id, kind, state, company_id, venue_ids, area_ids, valid_from, valid_to, uses_left, "
    "daily_cap, opening_hours, slot_minutes, first_entry_at, partner, balance, owes"
)
POINT_COLUMNS = (
    "code, id, company_id, venue_id, area_id, direction, anti_passback, passback_timeout, "
    "sharing_minutes, price"
)


def parse_time(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


class Store:
    """Thread-safe access to the proxy database (one connection, one lock)."""

    def __init__(self, path: str | Path, synchronous: str = "normal"):
        if synchronous not in ("normal", "full"):
            raise ValueError("synchronous must be 'normal' or 'full'")
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(f"PRAGMA synchronous={synchronous.upper()}")
        self.db.executescript(SCHEMA)
        self._migrate()
        self.lock = threading.RLock()

    def _migrate(self) -> None:
        """Columns added since a proxy's database was made (CREATE TABLE IF NOT EXISTS
        leaves an existing table alone): a new database gets them here too."""
        for table, column, declaration in ADDED_COLUMNS:
            columns = {row["name"] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # ------------------------------------------------------------------ meta

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.lock:
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------------ sync

    def apply_sync(self, page: dict[str, Any]) -> None:
        """Apply one page of ``sync`` in one transaction, then keep its cursor."""
        with self.lock:
            cur = self.db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                self._replace_small(cur, page)
                for item in page.get("entitlements", []):
                    # Odoo's row now includes the entries (and the spends) it was sent:
                    # stop counting them here.
                    cur.execute(
                        "UPDATE local_uses SET used = MAX(used - acked, 0), acked = 0, "
                        "spent = MAX(spent - spent_acked, 0), spent_acked = 0 "
                        "WHERE entitlement_id = ?",
                        (item["id"],),
                    )
                    cur.execute(
                        f"INSERT OR REPLACE INTO entitlements ({ENTITLEMENT_COLUMNS}) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            item["id"],
                            item["kind"],
                            item["state"],
                            item["company_id"],
                            json.dumps(item["venue_ids"]),
                            json.dumps(item["area_ids"]),
                            parse_time(item["valid_from"]),
                            parse_time(item["valid_to"]),
                            item["uses_left"],
                            item["daily_cap"],
                            int(bool(item["opening_hours"])),
                            item.get("slot_minutes") or 0,
                            parse_time(item.get("first_entry_at")),
                            item.get("partner"),
                            item.get("balance"),
                            int(bool(item.get("owes"))),
                        ),
                    )
                for item in page.get("credentials", []):
                    cur.execute(
                        "INSERT OR REPLACE INTO credentials VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            item["id"],
                            item["kind"],
                            item.get("code"),
                            item.get("nonce"),
                            item.get("value"),
                            item["entitlement_id"],
                            item["state"],
                            parse_time(item.get("valid_to")),
                        ),
                    )
                cur.execute(
                    "INSERT INTO meta (key, value) VALUES ('cursor', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (page["cursor"],),
                )
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    @staticmethod
    def opening_of(venue: sqlite3.Row) -> OpeningWindows:
        """The opening windows of a ``venues`` row (weekly hours only if stored by a
        proxy version that kept no windows)."""
        data = json.loads(venue["opening"])
        if isinstance(data, list):
            data = {"tz": venue["tz"], "opening": data}
        return OpeningWindows.from_json(data)

    def _replace_small(self, cur: sqlite3.Cursor, page: dict[str, Any]) -> None:
        """Keys, venues, points and lights come whole on every page."""
        if "keys" in page:
            cur.execute("DELETE FROM keys")
            cur.executemany(
                "INSERT INTO keys VALUES (?, ?, ?, ?)",
                [
                    (k["key_id"], k["public_key"], k["state"], parse_time(k.get("valid_until")))
                    for k in page["keys"]
                ],
            )
        if "venues" in page:
            cur.execute("DELETE FROM venues")
            cur.executemany(
                "INSERT INTO venues VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        v["id"],
                        v["code"],
                        v["tz"],
                        v["company_id"],
                        # Parsed here so that bad data fails the sync, not a gate.
                        json.dumps(OpeningWindows.from_json(v).to_json()),
                    )
                    for v in page["venues"]
                ],
            )
        if "points" in page:
            cur.execute("DELETE FROM points")
            cur.executemany(
                f"INSERT INTO points ({POINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p["code"],
                        p["id"],
                        p["company_id"],
                        p["venue_id"],
                        p["area_id"],
                        p["direction"],
                        int(bool(p["anti_passback"])),
                        p["passback_timeout"],
                        p["sharing_minutes"],
                        p.get("price") or None,
                    )
                    for p in page["points"]
                ],
            )
        if "lights" in page:
            cur.execute("DELETE FROM lights")
            cur.executemany(
                "INSERT OR REPLACE INTO lights VALUES (?, ?, ?)",
                [
                    (item["device"], parse_time(item["on_at"]), parse_time(item["off_at"]))
                    for item in page["lights"]
                ],
            )

    # ------------------------------------------------------------------ outbox

    def outbox_batch(self, limit: int = 500) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT payload FROM outbox ORDER BY created_at, uuid LIMIT ?", (limit,)
        ).fetchall()
        return [json.loads(row["payload"]) for row in rows]

    def outbox_done(self, uuids: Iterable[str]) -> None:
        """Odoo stored these events: drop them, and remember the entries they counted."""
        with self.lock:
            cur = self.db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                for event_uuid in uuids:
                    row = cur.execute(
                        "SELECT entitlement_id, counted, spent FROM outbox WHERE uuid = ?",
                        (event_uuid,),
                    ).fetchone()
                    if row is None:
                        continue
                    if row["counted"] and row["entitlement_id"]:
                        cur.execute(
                            "UPDATE local_uses SET acked = acked + 1, "
                            "spent_acked = spent_acked + ? WHERE entitlement_id = ?",
                            (row["spent"], row["entitlement_id"]),
                        )
                    cur.execute("DELETE FROM outbox WHERE uuid = ?", (event_uuid,))
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    def outbox_dead(self, event_uuid: str, error: str, now: float) -> None:
        """Odoo refused this event for good: keep it aside for a person to look at."""
        with self.lock:
            cur = self.db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                cur.execute(
                    "INSERT OR REPLACE INTO dead_letters "
                    "(uuid, payload, error, dead_at, entitlement_id, counted, spent) "
                    "SELECT uuid, payload, ?, ?, entitlement_id, counted, spent FROM outbox "
                    "WHERE uuid = ?",
                    (error, now, event_uuid),
                )
                cur.execute("DELETE FROM outbox WHERE uuid = ?", (event_uuid,))
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    def local_spent(self, entitlement_id: int) -> float:
        """What stored-value entries decided here spent of this entitlement's synced
        balance, and the sync has not yet replaced."""
        row = self.db.execute(
            "SELECT spent FROM local_uses WHERE entitlement_id = ?", (entitlement_id,)
        ).fetchone()
        return row["spent"] if row else 0.0

    def outbox_depth(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]

    def dead_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM dead_letters").fetchone()[0]

    def dead_readings_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM dead_readings").fetchone()[0]

    def dead_list(self, limit: int = 100) -> list[dict[str, Any]]:
        """The newest dead letters, events and readings, each with its ``kind``."""
        rows = self.db.execute(
            "SELECT 'event' AS kind, uuid, payload, error, dead_at FROM dead_letters "
            "UNION ALL SELECT 'reading', uuid, payload, error, dead_at FROM dead_readings "
            "ORDER BY dead_at DESC, uuid LIMIT ?",
            (limit,),
        ).fetchall()
        return [{**dict(row), "payload": json.loads(row["payload"])} for row in rows]

    def dead_requeue(self, item_uuid: str, now: float) -> str | None:
        """Put a dead letter back in its queue (once its cause is fixed in Odoo); returns
        ``"event"`` or ``"reading"``, or ``None`` if there is no dead letter of that uuid."""
        with self.lock:
            cur = self.db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                if cur.execute(
                    "SELECT 1 FROM dead_letters WHERE uuid = ?", (item_uuid,)
                ).fetchone():
                    kind = "event"
                    cur.execute(
                        "INSERT OR IGNORE INTO outbox "
                        "(uuid, payload, created_at, entitlement_id, counted, spent) "
                        "SELECT uuid, payload, ?, entitlement_id, counted, spent FROM dead_letters "
                        "WHERE uuid = ?",
                        (now, item_uuid),
                    )
                elif cur.execute(
                    "SELECT 1 FROM dead_readings WHERE uuid = ?", (item_uuid,)
                ).fetchone():
                    kind = "reading"
                    cur.execute(
                        "INSERT OR IGNORE INTO readings (uuid, payload, created_at) "
                        "SELECT uuid, payload, ? FROM dead_readings WHERE uuid = ?",
                        (now, item_uuid),
                    )
                else:
                    kind = None
                cur.execute("DELETE FROM dead_letters WHERE uuid = ?", (item_uuid,))
                cur.execute("DELETE FROM dead_readings WHERE uuid = ?", (item_uuid,))
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
        return kind

    def outbox_add(
        self,
        event: dict[str, Any],
        now: float,
        entitlement_id: int | None = None,
        counted: bool = False,
    ) -> None:
        """Queue an event that did not come from a gate decision (a sensor reading...)."""
        with self.lock:
            self.db.execute(
                "INSERT OR IGNORE INTO outbox (uuid, payload, created_at, entitlement_id, "
                "counted) VALUES (?, ?, ?, ?, ?)",
                (event["uuid"], json.dumps(event), now, entitlement_id, int(counted)),
            )

    # ------------------------------------------------------------------ readings

    def reading_add(self, reading: dict[str, Any], now: float) -> None:
        with self.lock:
            self.db.execute(
                "INSERT OR IGNORE INTO readings (uuid, payload, created_at) VALUES (?, ?, ?)",
                (reading["uuid"], json.dumps(reading), now),
            )

    def readings_batch(self, limit: int = 500) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT payload FROM readings ORDER BY created_at, uuid LIMIT ?", (limit,)
        ).fetchall()
        return [json.loads(row["payload"]) for row in rows]

    def readings_done(self, uuids: Iterable[str]) -> None:
        with self.lock:
            self.db.executemany("DELETE FROM readings WHERE uuid = ?", [(u,) for u in uuids])

    def reading_dead(self, reading_uuid: str, error: str, now: float) -> None:
        """Odoo refused this reading for good: keep it aside, out of the upload queue."""
        with self.lock:
            cur = self.db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                cur.execute(
                    "INSERT OR REPLACE INTO dead_readings (uuid, payload, error, dead_at) "
                    "SELECT uuid, payload, ?, ? FROM readings WHERE uuid = ?",
                    (error, now, reading_uuid),
                )
                cur.execute("DELETE FROM readings WHERE uuid = ?", (reading_uuid,))
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise

    def readings_depth(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM readings").fetchone()[0]
