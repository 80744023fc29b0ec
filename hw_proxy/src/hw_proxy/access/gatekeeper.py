"""Offline decisions at the gate, on the local cache, with ``arena_access.rules.decide``.

``Gatekeeper.check`` resolves what a reader read, gathers the facts the rules read (three
indexed queries on the local passages, and the venue's opening windows), decides, and in
the same SQLite transaction records the passage, counts the entry locally and queues the
event for Odoo. Only then does the caller open the gate: a crash after the relay command
loses nothing.
"""

from __future__ import annotations

import json
import time
import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from arena_access import Facts, OpeningWindows, Passage, decide, direction_at, parse_read
from arena_access import token as qr
from arena_access.hours import ALWAYS, local_day_start
from arena_access.rules import decide_without_facts
from hw_proxy.access.store import Store


@dataclass(frozen=True, slots=True)
class Decision:
    decision: str
    reason: str | None
    uuid: str
    point: str
    direction: str
    partner: str | None = None

    @property
    def granted(self) -> bool:
        return self.decision == "granted"


class Gatekeeper:
    def __init__(self, store: Store):
        self.store = store
        # Parsed opening windows by venue, with the stored text they came from.
        self._hours: dict[int, tuple[str, OpeningWindows]] = {}

    # ------------------------------------------------------------------ public

    def check(
        self,
        read: str | dict[str, Any],
        point_code: str,
        at: float | None = None,
        event_uuid: str | None = None,
        direction: str | None = None,
    ) -> Decision:
        at = time.time() if at is None else at
        event_uuid = event_uuid or str(uuidlib.uuid4())
        with self.store.lock:
            db = self.store.db
            db.execute("BEGIN IMMEDIATE")
            try:
                result, event, counted_on, spent = self._decide(
                    read, point_code, at, event_uuid, direction
                )
                if event is not None:
                    db.execute(
                        "INSERT OR IGNORE INTO outbox (uuid, payload, created_at, "
                        "entitlement_id, counted, spent) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            event_uuid,
                            json.dumps(event),
                            at,
                            counted_on,
                            int(bool(counted_on)),
                            spent,
                        ),
                    )
                db.execute("COMMIT")
            except Exception:
                db.execute("ROLLBACK")
                raise
        return result

    # ------------------------------------------------------------------ resolution

    def _decide(self, read, point_code, at, event_uuid, direction):
        db = self.store.db
        point = db.execute("SELECT * FROM points WHERE code = ?", (point_code,)).fetchone()
        if point is None:
            return (
                Decision("denied", "unknown_point", event_uuid, point_code, "in"),
                None,
                None,
                0.0,
            )
        kind, value = (
            (read.get("kind"), read.get("value")) if isinstance(read, dict) else (None, read)
        )
        reason, credential, entitlement, holder, upload_credential = self._resolve(
            kind, value, point, at
        )
        last_in_area = self._last_in_area(holder, point) if point["direction"] == "both" else None
        direction = direction_at(
            point["direction"], direction, last_in_area["direction"] if last_in_area else None
        )
        if reason is None:
            reason = self._rules(point, direction, credential, entitlement, holder, at)
        decision = "granted" if reason is None else "denied"
        counted_on, spent = None, 0.0
        if decision == "granted":
            db.execute(
                "INSERT INTO passages (holder, point_id, area_id, direction, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (holder, point["id"], point["area_id"], direction, at),
            )
            if direction == "in" and entitlement is not None and entitlement.get("id"):
                # A stored-value card pays the point's price: its local balance drops
                # until Odoo, which charges the uploaded entry, syncs the card again.
                if entitlement.get("balance") is not None:
                    spent = point["price"] or 0.0
                self._count_entry(entitlement, at, spent)
                counted_on = entitlement["id"]
        event = {
            "uuid": event_uuid,
            "point": point_code,
            "credential": upload_credential,
            "direction": direction,
            "decision": decision,
            "reason": reason,
            "device_time": datetime.fromtimestamp(at).astimezone().isoformat(),
        }
        partner = entitlement.get("partner") if entitlement else None
        return (
            Decision(decision, reason, event_uuid, point_code, direction, partner),
            event,
            counted_on,
            spent,
        )

    def _resolve(self, kind, value, point, at):
        """``(reason, credential, entitlement, holder, credential as uploaded)``."""
        db = self.store.db
        parsed = parse_read({"kind": kind, "value": value} if kind else value)
        if parsed is None:
            return "malformed", None, None, None, None
        kind, value = parsed
        if kind == "qr":
            try:
                payload = qr.verify(value, self._trusted_keys(at))
            except qr.TokenError as error:
                return error.reason, None, None, None, None
            upload = {"kind": "qr", "code": payload.code}
            credential = db.execute(
                "SELECT * FROM credentials WHERE kind = 'qr' AND code = ?", (payload.code,)
            ).fetchone()
            if credential is None:
                # Issued after the last sync: trust the signed claims, once per code.
                entitlement = self._from_payload(payload, point)
                return None, {"state": "active"}, entitlement, f"q{payload.code}", upload
            if credential["nonce"] != payload.nonce:
                return "invalid_signature", None, None, None, upload
        else:
            upload = {"kind": kind, "value": value}
            credential = db.execute(
                "SELECT * FROM credentials WHERE kind = ? AND value = ? "
                "ORDER BY state = 'active' DESC, id DESC LIMIT 1",
                (kind, value),
            ).fetchone()
            if credential is None:
                return "unknown_credential", None, None, None, upload
        row = db.execute(
            "SELECT * FROM entitlements WHERE id = ?", (credential["entitlement_id"],)
        ).fetchone()
        if row is None:
            return "unknown_credential", None, None, None, upload
        return None, dict(credential), self._effective(dict(row)), f"e{row['id']}", upload

    def _trusted_keys(self, at):
        rows = self.store.db.execute(
            "SELECT key_id, public_key FROM keys WHERE state = 'active' OR valid_until > ?",
            (at,),
        ).fetchall()
        return {row["key_id"]: bytes.fromhex(row["public_key"]) for row in rows}

    def _from_payload(self, payload, point):
        venue = self.store.db.execute(
            "SELECT company_id FROM venues WHERE id = ?", (point["venue_id"],)
        ).fetchone()
        used = self.store.db.execute(
            "SELECT COUNT(*) FROM passages WHERE holder = ? AND direction = 'in'",
            (f"q{payload.code}",),
        ).fetchone()[0]
        return {
            "id": None,
            "state": "active",
            "company_id": venue["company_id"] if venue else point["company_id"],
            "venue_ids": [payload.venue_id] if payload.venue_id else [],
            "area_ids": [],
            "valid_from": payload.valid_from,
            "valid_to": payload.valid_to,
            # Unknown uses: admit once, offline replays of the same code are refused.
            "uses_left": 1 - used,
            "daily_cap": 0,
            "opening_hours": payload.kind not in qr.SCHEDULED_KINDS,
            "partner": None,
        }

    def _effective(self, row):
        """The synced entitlement, less the entries counted here and not synced back."""
        local = self.store.db.execute(
            "SELECT used, spent, first_entry_at FROM local_uses WHERE entitlement_id = ?",
            (row["id"],),
        ).fetchone()
        row["venue_ids"] = json.loads(row["venue_ids"])
        row["area_ids"] = json.loads(row["area_ids"])
        if local:
            if row["uses_left"] is not None:
                row["uses_left"] -= local["used"]
            if row["balance"] is not None:
                row["balance"] -= local["spent"]
            first = row["first_entry_at"] or local["first_entry_at"]
            if row["slot_minutes"] and first:
                end = first + row["slot_minutes"] * 60
                row["valid_to"] = min(row["valid_to"] or end, end)
        return row

    def _count_entry(self, entitlement, at, spent=0.0):
        self.store.db.execute(
            "INSERT INTO local_uses (entitlement_id, used, spent, first_entry_at) "
            "VALUES (?, 1, ?, ?) "
            "ON CONFLICT (entitlement_id) DO UPDATE SET used = used + 1, "
            "spent = spent + excluded.spent, "
            "first_entry_at = COALESCE(first_entry_at, excluded.first_entry_at)",
            (entitlement["id"], spent, at),
        )

    def _last_in_area(self, holder, point, at=None):
        """The holder's last granted passage in the point's area (up to ``at``)."""
        if holder is None:
            return None
        return self.store.db.execute(
            "SELECT point_id, direction, at FROM passages WHERE holder = ? AND area_id = ? "
            "AND at <= ? ORDER BY at DESC, id DESC LIMIT 1",
            (holder, point["area_id"], float("inf") if at is None else at),
        ).fetchone()

    # ------------------------------------------------------------------ rules

    def _rules(self, point, direction, credential, entitlement, holder, at):
        """The reason ``arena_access.rules.decide`` denies the passage for, or ``None``."""
        early = decide_without_facts(direction, credential, entitlement)
        if early is not None:
            return early[1]
        hours = self._opening(point["venue_id"])
        moment = datetime.fromtimestamp(at, UTC)
        # Only three facts of the holder's past matter: its last passage, its last passage
        # in this area, and today's entries. Indexed queries, whatever the history length.
        db = self.store.db
        last = db.execute(
            "SELECT point_id, area_id, direction, at FROM passages WHERE holder = ? "
            "AND at <= ? ORDER BY at DESC, id DESC LIMIT 1",
            (holder, at),
        ).fetchone()
        in_area = self._last_in_area(holder, point, at) if point["anti_passback"] else None
        entries = 0
        if entitlement["daily_cap"]:
            day_start = local_day_start(moment, hours.tz).timestamp()
            entries = db.execute(
                "SELECT COUNT(*) FROM passages WHERE holder = ? AND direction = 'in' "
                "AND at >= ? AND at <= ?",
                (holder, day_start, at),
            ).fetchone()[0]
        facts = Facts(
            last=_passage(last, None if last is None else last["area_id"]),
            last_in_area=_passage(in_area, point["area_id"]),
            entries_today=entries,
        )
        rules_entitlement = dict(
            entitlement,
            valid_from=_moment(entitlement["valid_from"]),
            valid_to=_moment(entitlement["valid_to"]),
        )
        is_open = not entitlement["opening_hours"] or hours.is_open(moment)
        _decision, reason = decide(
            moment,
            dict(point, direction=direction),
            credential,
            rules_entitlement,
            facts,
            is_open,
        )
        return reason

    def _opening(self, venue_id):
        """The venue's opening windows, parsed once per sync."""
        row = self.store.db.execute(
            "SELECT tz, opening FROM venues WHERE id = ?", (venue_id,)
        ).fetchone()
        if row is None:
            return OpeningWindows(tz="UTC", weekly=ALWAYS)
        cached = self._hours.get(venue_id)
        if cached is None or cached[0] != row["opening"]:
            cached = (row["opening"], self.store.opening_of(row))
            self._hours[venue_id] = cached
        return cached[1]


def _moment(value):
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _passage(row, area_id):
    if row is None:
        return None
    return Passage(_moment(row["at"]), row["point_id"], area_id, row["direction"])
