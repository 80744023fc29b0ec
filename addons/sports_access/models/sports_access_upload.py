"""Checking what the proxy uploads: access events it decided offline and device readings.

Both kinds of upload share the checks of an item's keys, uuid and time, and the way a
batch is answered: ``{"accepted": [uuid], "duplicates": [uuid], "rejected": [{"index",
"uuid", "error"}]}``. A bad item never spoils the rest of its batch.
"""

import math
import re
from datetime import UTC, datetime, timedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from arena_access import REASONS, Facts, Passage, decide

EVENT_KEYS = {"uuid", "point", "credential", "direction", "decision", "reason", "device_time"}
READING_KEYS = {"uuid", "device", "metric", "value", "measured_at"}
# How far a device's clock may run ahead of ours, and how old an upload may be.
MAX_AHEAD = timedelta(minutes=10)
MAX_AGE = timedelta(days=400)
# The largest absolute value a reading may carry (the column keeps 13 digits before the
# point); anything beyond is a broken device, not a measure.
MAX_READING = 1e12
# Unix seconds of the years 2000 and 2101: no device time lies outside them.
MIN_EPOCH, MAX_EPOCH = 946684800, 4133980800
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _parse_time(value):
    """A naive UTC datetime from ISO 8601 text (with offset) or Unix seconds; a
    ``ValueError`` for anything else, however absurd (NaN, 1e20 seconds, year 9999)."""
    if isinstance(value, bool):
        raise ValueError("not a time")
    if isinstance(value, (int, float)):
        if not (math.isfinite(value) and MIN_EPOCH <= value < MAX_EPOCH):
            raise ValueError("time out of range")
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    if not isinstance(value, str) or len(value) > 64 or CONTROL.search(value):
        raise ValueError("not a time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("a time needs its UTC offset")
    try:
        return parsed.astimezone(UTC).replace(tzinfo=None)
    except OverflowError as error:
        raise ValueError("time out of range") from error


def has_control(value):
    """Whether a credential as uploaded (text, or an object of texts) holds a control
    character, which no reader sends."""
    if isinstance(value, dict):
        return any(has_control(item) for item in value.values())
    return isinstance(value, str) and bool(CONTROL.search(value))


class SportsAccessUpload(models.AbstractModel):
    _name = "sports.access.upload"
    _description = "Access Upload Checks"

    # ------------------------------------------------------------------ shared checks

    def _check_item(self, item, keys, what):
        """The item's canonical uuid, once it is an object with no key but ``keys``."""
        if not isinstance(item, dict):
            raise ValueError(f"{what} must be an object")
        unknown = set(item) - keys
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
        return self.env["sports.access.gate"]._clean_uuid(item.get("uuid"))

    def _check_time(self, value, name, now=None):
        """A naive UTC time read from ``value``, neither in the future nor too old."""
        moment = _parse_time(value)
        now = now or datetime.utcnow()
        if moment > now + MAX_AHEAD or moment < now - MAX_AGE:
            raise ValueError(f"{name} out of range")
        return moment

    def _check_items(self, batch, check):
        """``(rows, rejected)``: ``check(item)`` of every item, the first of each uuid."""
        rows, rejected, seen = [], [], set()
        for index, item in enumerate(batch):
            try:
                row = check(item)
            except (ValueError, TypeError, KeyError, OverflowError, UserError) as error:
                message = error.args[0] if error.args else str(error)
                item_uuid = item.get("uuid") if isinstance(item, dict) else None
                rejected.append(
                    {
                        "index": index,
                        "uuid": item_uuid if isinstance(item_uuid, str) else None,
                        "error": str(message)[:200],
                    }
                )
                continue
            if row["uuid"] in seen:
                continue
            seen.add(row["uuid"])
            rows.append(row)
        return rows, rejected

    def _answer(self, rows, written, rejected):
        return {
            "accepted": [row["uuid"] for row in rows if row["uuid"] in written],
            "duplicates": [row["uuid"] for row in rows if row["uuid"] not in written],
            "rejected": rejected,
        }

    # ------------------------------------------------------------------ events

    def _upload_events(self, batch, venues):
        Point = self.env["sports.access.point"]
        points = {
            point.code: point
            for point in Point.with_context(active_test=False).search(
                [("venue_id", "in", venues.ids)]
            )
        }
        known = self.env["sports.access.gate"]._known_credentials(batch, venues.company_id)
        # Plain values of what the checks read for every event, read once per batch.
        point_facts = {
            code: (point.id, point.company_id, point.venue_id.id, point.area_id.id)
            for code, point in points.items()
        }
        credential_facts = self._credential_facts(known.values())
        now = datetime.utcnow()
        rows, rejected = self._check_items(
            batch,
            lambda item: self._check_event(
                item, points, known, point_facts, credential_facts, now=now
            ),
        )
        events = self.env["sports.access.event"]._record(rows, consume=True)
        self._flag_repeated_entries(events)
        return self._answer(rows, set(events.mapped("uuid")), rejected)

    def _flag_repeated_entries(self, events):
        """Note the offline entries that the passages Odoo already holds would have
        refused for passback or sharing: the second entry of a pass admitted by two
        proxies, each deciding from its own passages. The entry stays granted (it
        happened); its ``note`` says so. One query for the whole batch."""
        entries = events.filtered(
            lambda e: (
                e.decision == "granted"
                and e.direction == "in"
                and e.entitlement_id
                and (e.area_id.access_anti_passback or e.area_id.access_sharing_minutes)
            )
        )
        if not entries:
            return
        self.env.cr.execute(
            SQL(
                """SELECT e.id,
                          l.device_time, l.point_id, l.area_id, l.direction,
                          a.device_time, a.point_id, a.area_id, a.direction
                     FROM sports_access_event e
                     LEFT JOIN LATERAL (
                          SELECT p.device_time, p.point_id, p.area_id, p.direction
                            FROM sports_access_event p
                           WHERE p.entitlement_id = e.entitlement_id
                             AND p.decision = 'granted'
                             AND (p.device_time, p.id) < (e.device_time, e.id)
                           ORDER BY p.device_time DESC, p.id DESC LIMIT 1) l ON TRUE
                     LEFT JOIN LATERAL (
                          SELECT p.device_time, p.point_id, p.area_id, p.direction
                            FROM sports_access_event p
                           WHERE p.entitlement_id = e.entitlement_id
                             AND p.area_id = e.area_id
                             AND p.decision = 'granted'
                             AND (p.device_time, p.id) < (e.device_time, e.id)
                           ORDER BY p.device_time DESC, p.id DESC LIMIT 1) a ON TRUE
                    WHERE e.id IN %s""",
                tuple(entries.ids),
            )
        )
        history = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for event in entries:
            last, in_area = history[event.id][:4], history[event.id][4:]
            facts = Facts(
                last=Passage(*last) if last[0] else None,
                last_in_area=Passage(*in_area) if in_area[0] else None,
            )
            _decision, reason = decide(
                event.device_time,
                event.point_id._facts("in"),
                {"state": "active"},
                event.entitlement_id._facts(),
                facts,
                True,
            )
            if reason not in ("passback", "sharing"):
                continue
            note = f"granted offline, but an earlier passage elsewhere makes it {reason}"
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_access_event SET note = CONCAT_WS('; ', note, %s) WHERE id = %s",
                    note,
                    event.id,
                )
            )
        entries.invalidate_recordset(["note"])

    def _credential_facts(self, credentials):
        """``{credential id: (kind, entitlement id, partner id, venue ids, area ids)}``
        in one query (empty venue or area ids: every one of the company)."""
        ids = [credential.id for credential in credentials if credential]
        if not ids:
            return {}
        Entitlement = self.env["sports.access.entitlement"]
        venues = Entitlement._fields["venue_ids"]
        areas = Entitlement._fields["area_ids"]
        self.env.cr.execute(
            SQL(
                """SELECT c.id, c.kind, c.entitlement_id, e.partner_id,
                          ARRAY(SELECT v.%(venue_col)s FROM %(venue_rel)s v
                                 WHERE v.%(venue_key)s = e.id),
                          ARRAY(SELECT a.%(area_col)s FROM %(area_rel)s a
                                 WHERE a.%(area_key)s = e.id)
                     FROM sports_access_credential c
                     JOIN sports_access_entitlement e ON e.id = c.entitlement_id
                    WHERE c.id IN %(ids)s""",
                venue_rel=SQL.identifier(venues.relation),
                venue_key=SQL.identifier(venues.column1),
                venue_col=SQL.identifier(venues.column2),
                area_rel=SQL.identifier(areas.relation),
                area_key=SQL.identifier(areas.column1),
                area_col=SQL.identifier(areas.column2),
                ids=tuple(ids),
            )
        )
        return {
            row[0]: (row[1], row[2], row[3], set(row[4]), set(row[5]))
            for row in self.env.cr.fetchall()
        }

    def _check_event(
        self, item, points, known=None, point_facts=None, credential_facts=None, now=None
    ):
        """The values of the access event an uploaded item describes; ``ValueError`` (or
        ``UserError``) with the reason when it is malformed."""
        uuid = self._check_item(item, EVENT_KEYS, "an event")
        if not isinstance(item.get("point"), str) or item["point"] not in points:
            raise ValueError(f"unknown point {str(item.get('point'))[:40]!r}")
        point = points[item["point"]]
        point_id, company, venue_id, area_id = (
            point_facts[item["point"]]
            if point_facts
            else (point.id, point.company_id, point.venue_id.id, point.area_id.id)
        )
        if item.get("direction") not in ("in", "out"):
            raise ValueError("direction must be in or out")
        if item.get("decision") not in ("granted", "denied"):
            raise ValueError("decision must be granted or denied")
        reason = item.get("reason")
        if item["decision"] == "denied" and reason not in REASONS:
            raise ValueError("a denial needs a known reason")
        if item["decision"] == "granted" and reason:
            raise ValueError("a granted passage has no reason")
        device_time = self._check_time(item.get("device_time"), "device time", now)
        credential = item.get("credential")
        if has_control(credential):
            raise ValueError("the credential holds control characters")
        if (
            isinstance(credential, dict)
            and "code" in credential
            and self.env["sports.access.gate"]._parse_credential(credential)[0] != "qr_code"
        ):
            raise ValueError("a QR code id is a positive 31-bit integer")
        credential, ref = self._credential_of(credential, company, known)
        if credential and credential_facts and credential.id in credential_facts:
            kind, entitlement_id, partner_id, venue_ids, area_ids = credential_facts[credential.id]
        else:
            entitlement = credential.entitlement_id
            kind, entitlement_id, partner_id, venue_ids, area_ids = (
                credential.kind or None,
                entitlement.id,
                entitlement.partner_id.id,
                set(entitlement.venue_ids.ids),
                set(entitlement.area_ids.ids),
            )
        # A granted entry uses the pass up: only where the pass opens, as the proxy's own
        # rules say (an exit is granted anywhere, a denial consumes nothing).
        if entitlement_id and item["decision"] == "granted" and item["direction"] == "in":
            if venue_ids and venue_id not in venue_ids:
                raise ValueError("granted at a venue its pass does not open; nothing counted")
            if area_ids and area_id not in area_ids:
                raise ValueError("granted in an area its pass does not open; nothing counted")
        return {
            "uuid": uuid,
            "point_id": point_id,
            "credential_id": credential.id,
            "credential_kind": kind,
            "credential_ref": ref,
            "entitlement_id": entitlement_id,
            "partner_id": partner_id,
            "direction": item["direction"],
            "decision": item["decision"],
            "reason": reason,
            "device_time": device_time,
            "source": "offline",
        }

    def _credential_of(self, credential, company, known=None):
        """The credential an uploaded event names: a QR payload, a UID, or a QR code id."""
        Gate = self.env["sports.access.gate"]
        if credential is None:
            return self.env["sports.access.credential"], None
        kind, value = Gate._parse_credential(credential)
        if kind == "qr_code":
            return Gate._find_credential(company, "qr", value, known), f"qr:{value}"
        found, _reason, ref = Gate._resolve_parsed(
            kind, value, company, known, check_signature=False
        )
        return found, ref

    # ------------------------------------------------------------------ readings

    def _upload_readings(self, batch, venues):
        Reading = self.env["sports.device.reading"]
        metrics = dict(Reading._fields["metric"].selection)
        devices = {
            device.identifier: device
            for device in self.env["sports.device"].search([("venue_id", "in", venues.ids)])
        }
        now = datetime.utcnow()
        rows, rejected = self._check_items(
            batch, lambda item: self._check_reading(item, devices, metrics, now=now)
        )
        # sudo: no user may create readings; this is the one method that writes them,
        # called by the access API once it has checked the caller and bound the devices.
        written = Reading.sudo()._insert_rows(rows)
        return self._answer(rows, written, rejected)

    def _check_reading(self, item, devices, metrics, now=None):
        """The values of the reading an uploaded item describes; ``ValueError`` if bad."""
        uuid = self._check_item(item, READING_KEYS, "a reading")
        device = devices.get(item.get("device")) if isinstance(item.get("device"), str) else None
        if not device:
            raise ValueError(f"unknown device {str(item.get('device'))[:40]!r}")
        if not isinstance(item.get("metric"), str) or item["metric"] not in metrics:
            raise ValueError("unknown metric")
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("value must be a number")
        if not (math.isfinite(value) and abs(value) <= MAX_READING):
            raise ValueError("value must be a finite number of at most 1e12")
        return {
            "uuid": uuid,
            "device_id": device.id,
            "venue_id": device.venue_id.id,
            "company_id": device.company_id.id,
            "metric": item["metric"],
            "value": float(value),
            "measured_at": self._check_time(item.get("measured_at"), "measured_at", now),
        }
