"""The API of the hardware proxy: ``sync``, ``upload_events`` and ``verify``.

Called over JSON-2 (``POST /json/2/sports.access.api/<method>``) with the API key of an
*Arena proxy* user, who has no access rights of its own: every method checks the caller
and works for the venues the proxy user is bound to, and nothing else. See
``docs/proxy-api.md``.
"""

import contextlib
import logging
import uuid as uuidlib
from datetime import UTC, datetime, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import qrtoken as token
from ..tools import rules

_logger = logging.getLogger(__name__)

MAX_BATCH = 1000
MAX_PAGE = 1000
EVENT_KEYS = {"uuid", "point", "credential", "direction", "decision", "reason", "device_time"}
# The columns _insert writes, with their PostgreSQL types.
EVENT_COLUMNS = {
    "uuid": "varchar",
    "point_id": "int4",
    "area_id": "int4",
    "venue_id": "int4",
    "company_id": "int4",
    "credential_id": "int4",
    "credential_kind": "varchar",
    "credential_ref": "varchar",
    "entitlement_id": "int4",
    "partner_id": "int4",
    "person_key": "varchar",
    "direction": "varchar",
    "decision": "varchar",
    "reason": "varchar",
    "device_time": "timestamp",
    "server_time": "timestamp",
    "source": "varchar",
    "note": "varchar",
}


def _parse_time(value):
    """A naive UTC datetime from ISO 8601 text (with offset) or Unix seconds."""
    if isinstance(value, bool):
        raise ValueError("not a time")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    if not isinstance(value, str):
        raise ValueError("not a time")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("a time needs its UTC offset")
    return parsed.astimezone(UTC).replace(tzinfo=None)


class SportsAccessApi(models.AbstractModel):
    _name = "sports.access.api"
    _description = "Access Proxy API"

    # ------------------------------------------------------------------ caller

    @api.model
    def _caller_venues(self):
        """Venues the caller may act for: a proxy's bound venues, or staff's venues."""
        user = self.env.user
        if user.has_group("sports_access.group_arena_proxy"):
            # sudo: the proxy user has no read rights; its own binding is what we check.
            venues = user.sudo().arena_proxy_venue_ids
        elif user.has_group("sports_venue.group_arena_user"):
            venues = self.env["sports.venue"].search([])
        else:
            raise AccessError(_("Only an Arena proxy or venue staff may use the access API."))
        if not venues:
            raise AccessError(_("This proxy user is bound to no venue."))
        return venues.sudo()

    # ------------------------------------------------------------------ verify

    @api.model
    def verify(self, credential, point, uuid=None, direction=None):
        """Decide a passage now, record it in the access log and count the entry.

        ``credential`` is a QR payload, a card UID, or ``{"kind": ..., "value": ...}``;
        ``point`` is the access point code (or id). ``uuid`` makes a retry return the
        first decision. Returns ``{"decision", "reason", "uuid", "partner", "message"}``.
        """
        venues = self._caller_venues()
        # sudo: the caller was checked above and the work stays within its venues.
        return self.sudo()._verify(credential, point, venues, uuid=uuid, direction=direction)

    def _verify(self, credential, point, venues, uuid=None, direction=None, at=None):
        Event = self.env["sports.access.event"]
        at = at or fields.Datetime.now()
        uuid = self._clean_uuid(uuid) if uuid else str(uuidlib.uuid4())
        existing = Event.search([("uuid", "=", uuid)], limit=1)
        if existing:
            return self._answer(existing)
        point_rec = self._find_point(point, venues)
        if not point_rec:
            return {
                "decision": "denied",
                "reason": "unknown_point",
                "uuid": uuid,
                "partner": None,
                "message": _("Unknown access point."),
            }
        if direction not in (None, "in", "out"):
            direction = None
        passage = self._evaluate(credential, point_rec, at, direction)
        event = self._record(
            [dict(passage, uuid=uuid, device_time=at, source="online")], consume=True
        )
        return self._answer(event)

    @api.model
    def _clean_uuid(self, value):
        if not isinstance(value, str):
            raise UserError(_("An event uuid must be text."))
        try:
            return str(uuidlib.UUID(value.strip()))
        except ValueError as error:
            raise UserError(_("%(value)s is not a uuid.", value=value[:64])) from error

    def _find_point(self, point, venues):
        Point = self.env["sports.access.point"].with_context(active_test=False)
        domain = [("venue_id", "in", venues.ids), ("active", "=", True)]
        if isinstance(point, int) and not isinstance(point, bool):
            return Point.search(domain + [("id", "=", point)], limit=1)
        if isinstance(point, str) and point.strip():
            return Point.search(domain + [("code", "=", point.strip())], limit=1)
        return Point

    def _answer(self, event):
        labels = dict(event._fields["reason"]._description_selection(self.env))
        return {
            "decision": event.decision,
            "reason": event.reason or None,
            "uuid": event.uuid,
            "partner": event.partner_id.name or None,
            "message": labels.get(event.reason) if event.reason else _("Welcome"),
        }

    # ------------------------------------------------------------------ the decision

    def _resolve(self, credential, company, known=None, check_signature=True):
        """``(credential record, reason, ref)`` of what a reader read.

        ``known`` is what ``_known_credentials`` found for a whole batch, to look up
        instead of searching.
        """
        Credential = self.env["sports.access.credential"]
        kind, value = None, credential
        if isinstance(credential, dict):
            kind, value = credential.get("kind"), credential.get("value")
        if not isinstance(value, str) or not value.strip() or len(value) > 512:
            return Credential, "malformed", None
        value = value.strip()
        if kind is None:
            kind = "qr" if len(value) >= token.TOKEN_SIZE else "uid"
        if kind == "qr":
            try:
                if check_signature:
                    claims = token.verify(value, self._public_keys(company))
                else:
                    # An uploaded event: the proxy checked the signature before it
                    # decided; the nonce check below still ties it to the credential.
                    claims = token.peek(value)[0]
            except token.TokenError as error:
                return Credential, error.reason, None
            ref = f"qr:{claims.code}"
            found = self._find_credential(company, "qr", claims.code, known)
            # The signed nonce ties the payload to the credential record.
            if found and found.nonce != claims.nonce:
                return Credential, "invalid_signature", ref
            return found, None if found else "unknown_credential", ref
        if kind not in ("uid", "face", "plate"):
            return Credential, "malformed", None
        value = Credential._normalize_value(kind, value)
        found = self._find_credential(company, kind, value, known)
        return found, None if found else "unknown_credential", f"{kind}:{value}"

    def _find_credential(self, company, kind, code_or_value, known=None):
        """The credential of ``company`` with this QR code id or this card/plate/face value
        (an active one first), from ``known`` when given, else searched."""
        Credential = self.env["sports.access.credential"]
        if known is not None:
            return known.get((company.id, kind, code_or_value), Credential)
        field = "code" if kind == "qr" else "value"
        return Credential.search(
            [("company_id", "=", company.id), ("kind", "=", kind), (field, "=", code_or_value)],
            order="state, id desc",
            limit=1,
        )

    def _known_credentials(self, batch, companies):
        """``{(company id, kind, code or value): credential}`` of every credential a batch
        of uploaded events names, found with two searches instead of one per event."""
        Credential = self.env["sports.access.credential"]
        codes, values = set(), set()
        for item in batch:
            credential = item.get("credential") if isinstance(item, dict) else None
            kind = None
            if isinstance(credential, dict):
                if credential.get("kind") == "qr" and isinstance(credential.get("code"), int):
                    codes.add(credential["code"])
                    continue
                kind, credential = credential.get("kind"), credential.get("value")
            if not isinstance(credential, str) or not credential.strip() or len(credential) > 512:
                continue
            credential = credential.strip()
            if kind is None:
                kind = "qr" if len(credential) >= token.TOKEN_SIZE else "uid"
            if kind == "qr":
                with contextlib.suppress(token.TokenError):
                    codes.add(token.peek(credential)[0].code)
            elif kind in ("uid", "face", "plate"):
                with contextlib.suppress(ValidationError):
                    values.add(Credential._normalize_value(kind, credential))
        known = {}
        if codes:
            for found in Credential.search(
                [
                    ("company_id", "in", companies.ids),
                    ("kind", "=", "qr"),
                    ("code", "in", list(codes)),
                ]
            ):
                known[(found.company_id.id, "qr", found.code)] = found
        if values:
            for found in Credential.search(
                [
                    ("company_id", "in", companies.ids),
                    ("kind", "in", ("uid", "face", "plate")),
                    ("value", "in", list(values)),
                ],
                order="state, id desc",
            ):
                known.setdefault((found.company_id.id, found.kind, found.value), found)
        return known

    def _public_keys(self, company):
        keys = self.env["sports.access.key"]._trusted(company)
        return {key.key_id: bytes.fromhex(key.public_key) for key in keys}

    def _evaluate(self, credential, point, at, direction=None):
        """Decide one passage; returns the values of its access event (not yet written)."""
        found, reason, ref = self._resolve(credential, point.company_id)
        entitlement = found.entitlement_id
        if point.direction == "both" and not direction:
            direction = self._two_way_direction(found, point)
        direction = direction or ("out" if point.direction == "out" else "in")
        if point.direction in ("in", "out"):
            direction = point.direction
        values = {
            "point_id": point.id,
            "credential_id": found.id,
            "credential_kind": found.kind or None,
            "credential_ref": ref,
            "entitlement_id": entitlement.id,
            "partner_id": entitlement.partner_id.id,
            "direction": direction,
        }
        if reason:
            return dict(values, decision="denied", reason=reason)
        venue = point.venue_id
        tz = pytz.timezone(venue.tz or "Asia/Shanghai")
        decision, reason = rules.decide(
            at,
            point._facts(direction),
            {"state": found.state},
            entitlement._facts(),
            self._history(found, point, at),
            lambda moment: venue._arena_is_open(moment),
            lambda moment: pytz.utc.localize(moment).astimezone(tz).date(),
        )
        return dict(values, decision=decision, reason=reason)

    def _two_way_direction(self, credential, point):
        """At a two-way point, a credential last seen entering this area now leaves."""
        if not credential:
            return "in"
        last = self.env["sports.access.event"].search(
            [
                ("credential_id", "=", credential.id),
                ("area_id", "=", point.area_id.id),
                ("decision", "=", "granted"),
            ],
            order="device_time desc, id desc",
            limit=1,
        )
        return "out" if last.direction == "in" else "in"

    def _history(self, credential, point, at):
        """The granted passages of the credential's entitlement that the rules read.

        The rules look at the last passage, the last passage in the point's area and
        today's entries (for a daily cap): those are fetched with three indexed queries,
        so a day pass used a thousand times decides as fast as a new one.
        """
        if not credential:
            return []
        Event = self.env["sports.access.event"]
        base = [
            ("entitlement_id", "=", credential.entitlement_id.id),
            ("decision", "=", "granted"),
            ("device_time", "<=", at),
        ]
        order = "device_time desc, id desc"
        events = Event.search(base, order=order, limit=1)
        events |= Event.search(base + [("area_id", "=", point.area_id.id)], order=order, limit=1)
        cap = credential.entitlement_id.daily_cap
        if cap:
            midnight = Event._local_midnight(point.venue_id, at)
            events |= Event.search(
                base + [("direction", "=", "in"), ("device_time", ">=", midnight)],
                order=order,
                limit=cap,
            )
        return [
            {
                "at": event.device_time,
                "point_id": event.point_id.id,
                "area_id": event.area_id.id,
                "direction": event.direction,
            }
            for event in events.sorted(lambda e: (e.device_time, e.id))
        ]

    # ------------------------------------------------------------------ recording

    def _record(self, passages, consume):
        """Write access events (skipping known uuids) and count granted entries.

        ``passages`` are event values with ``uuid``, ``point_id``, ``device_time`` and
        ``source``. Returns the events written.
        """
        Point = self.env["sports.access.point"]
        points = Point.browse({p["point_id"] for p in passages})
        by_point = {point.id: point for point in points}
        rows = []
        for passage in passages:
            point = by_point[passage["point_id"]]
            partner = passage.get("partner_id")
            person = (
                f"p{partner}"
                if partner
                else f"c{passage['credential_id']}"
                if passage.get("credential_id")
                else f"r{passage.get('credential_ref') or passage['uuid']}"
            )
            rows.append(
                dict(
                    passage,
                    area_id=point.area_id.id,
                    venue_id=point.venue_id.id,
                    company_id=point.company_id.id,
                    person_key=person,
                )
            )
        events = self._insert(rows)
        if consume:
            written = set(events.ids)
            # Only entries of entitlements that count something need more work: a day
            # pass or a booking has nothing to count.
            counted = (
                self.env["sports.access.entitlement"]
                .browse({row["entitlement_id"] for row in rows if row.get("entitlement_id")})
                .filtered(lambda e: e.counted or e.slot_minutes or e.card_id)
            )
            todo = {
                row["uuid"]
                for row in rows
                if row["decision"] == "granted"
                and row["direction"] == "in"
                and row.get("entitlement_id") in counted.ids
            }
            if todo:
                for event in events.filtered(lambda e: e.uuid in todo and e.id in written):
                    self._consume(event)
        return events

    def _insert(self, rows):
        """Insert events in one statement; an existing uuid is skipped, not an error."""
        if not rows:
            return self.env["sports.access.event"]
        now = fields.Datetime.now()
        uid = self.env.uid
        # One array a column, unnested: a statement of a fixed size, whatever the rows.
        arrays = SQL(", ").join(
            SQL(
                "%s::%s[]",
                [now if column == "server_time" else (row.get(column) or None) for row in rows],
                SQL(sql_type),
            )
            for column, sql_type in EVENT_COLUMNS.items()
        )
        self.env.cr.execute(
            SQL(
                """INSERT INTO sports_access_event
                          (%s, create_uid, write_uid, create_date, write_date)
                   SELECT *, %s, %s, %s, %s FROM unnest(%s)
                   ON CONFLICT (uuid) DO NOTHING
                   RETURNING id""",
                SQL(", ").join(SQL.identifier(column) for column in EVENT_COLUMNS),
                uid,
                uid,
                now,
                now,
                arrays,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.env["sports.access.event"].browse(ids)

    def _consume(self, event):
        """Count a granted entry on its entitlement; a failure is noted on the event."""
        entitlement = event.entitlement_id
        point = event.point_id
        space = point.space_id or self._space_for(entitlement, point)
        error = entitlement._consume(event.device_time, space=space, key=f"access-{event.uuid}")
        if error:
            _logger.warning("Entry %s granted but not counted: %s", event.uuid, error)
            self.env.cr.execute(
                SQL("UPDATE sports_access_event SET note = %s WHERE id = %s", error[:500], event.id)
            )
            event.invalidate_recordset(["note"])

    def _space_for(self, entitlement, point):
        """The first space of the point's area that the entitlement's card may use."""
        spaces = point.area_id.space_ids
        card = entitlement.card_id
        if card:
            card_type = card.type_id
            if card_type.space_ids:
                spaces = spaces & card_type.space_ids
            if card_type.sport_ids:
                spaces = spaces.filtered(lambda s: s.sport_ids & card_type.sport_ids)
        return spaces[:1]

    # ------------------------------------------------------------------ upload

    @api.model
    def upload_events(self, batch):
        """Store the proxy's events. Idempotent by uuid; a bad event never spoils the rest.

        Returns ``{"accepted": [uuid], "duplicates": [uuid], "rejected": [{"uuid",
        "index", "error"}]}``. Granted entries count a use, keyed on the event uuid.
        """
        venues = self._caller_venues()
        if not isinstance(batch, list):
            raise UserError(_("The batch must be a list of events."))
        if len(batch) > MAX_BATCH:
            raise UserError(_("Send at most %(max)s events at a time.", max=MAX_BATCH))
        # sudo: the caller was checked above and events are bound to its venues' points.
        return self.sudo()._upload(batch, venues)

    def _upload(self, batch, venues):
        Point = self.env["sports.access.point"]
        points = {
            point.code: point
            for point in Point.with_context(active_test=False).search(
                [("venue_id", "in", venues.ids)]
            )
        }
        accepted_rows, rejected, seen = [], [], set()
        known = self._known_credentials(batch, venues.company_id)
        # Plain values of what the checks read for every event, read once per batch.
        point_facts = {code: (point.id, point.company_id) for code, point in points.items()}
        credential_facts = self._credential_facts(known.values())
        for index, item in enumerate(batch):
            try:
                row = self._check_event(item, points, known, point_facts, credential_facts)
            except (ValueError, TypeError, KeyError, UserError) as error:
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
            accepted_rows.append(row)
        events = self._record(accepted_rows, consume=True)
        written = set(events.mapped("uuid"))
        return {
            "accepted": [row["uuid"] for row in accepted_rows if row["uuid"] in written],
            "duplicates": [row["uuid"] for row in accepted_rows if row["uuid"] not in written],
            "rejected": rejected,
        }

    def _credential_facts(self, credentials):
        """``{credential id: (kind, entitlement id, partner id)}`` in one query."""
        ids = [credential.id for credential in credentials if credential]
        if not ids:
            return {}
        self.env.cr.execute(
            SQL(
                """SELECT c.id, c.kind, c.entitlement_id, e.partner_id
                     FROM sports_access_credential c
                     JOIN sports_access_entitlement e ON e.id = c.entitlement_id
                    WHERE c.id IN %s""",
                tuple(ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _check_event(self, item, points, known=None, point_facts=None, credential_facts=None):
        if not isinstance(item, dict):
            raise ValueError("an event must be an object")
        unknown = set(item) - EVENT_KEYS
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
        uuid = self._clean_uuid(item.get("uuid"))
        if item.get("point") not in points:
            raise ValueError(f"unknown point {str(item.get('point'))[:40]}")
        point = points[item["point"]]
        point_id, company = (
            point_facts[item["point"]] if point_facts else (point.id, point.company_id)
        )
        if item.get("direction") not in ("in", "out"):
            raise ValueError("direction must be in or out")
        if item.get("decision") not in ("granted", "denied"):
            raise ValueError("decision must be granted or denied")
        reason = item.get("reason")
        if item["decision"] == "denied" and reason not in rules.REASONS:
            raise ValueError("a denial needs a known reason")
        if item["decision"] == "granted" and reason:
            raise ValueError("a granted passage has no reason")
        device_time = _parse_time(item.get("device_time"))
        now = datetime.utcnow()
        if device_time > now + timedelta(minutes=10) or device_time < now - timedelta(days=400):
            raise ValueError("device time out of range")
        credential, ref = self._credential_of(item.get("credential"), company, known)
        if credential and credential_facts and credential.id in credential_facts:
            kind, entitlement_id, partner_id = credential_facts[credential.id]
        else:
            entitlement = credential.entitlement_id
            kind, entitlement_id, partner_id = (
                credential.kind or None,
                entitlement.id,
                entitlement.partner_id.id,
            )
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
        Credential = self.env["sports.access.credential"]
        if credential is None:
            return Credential, None
        if (
            isinstance(credential, dict)
            and credential.get("kind") == "qr"
            and isinstance(credential.get("code"), int)
        ):
            found = self._find_credential(company, "qr", credential["code"], known)
            return found, f"qr:{credential['code']}"
        found, _reason, ref = self._resolve(credential, company, known, check_signature=False)
        return found, ref

    # ------------------------------------------------------------------ readings

    @api.model
    def upload_readings(self, batch):
        """Store people-counter and meter readings. Idempotent by uuid, like events.

        Each reading: ``{"uuid", "device": identifier, "metric", "value", "measured_at"}``.
        Returns ``{"accepted", "duplicates", "rejected"}`` like ``upload_events``.
        """
        venues = self._caller_venues()
        if not isinstance(batch, list):
            raise UserError(_("The batch must be a list of readings."))
        if len(batch) > MAX_BATCH:
            raise UserError(_("Send at most %(max)s readings at a time.", max=MAX_BATCH))
        # sudo: the caller was checked above; devices are looked up in its venues only.
        return self.sudo()._upload_readings(batch, venues)

    def _upload_readings(self, batch, venues):
        Reading = self.env["sports.device.reading"]
        metrics = dict(Reading._fields["metric"].selection)
        devices = {
            device.identifier: device
            for device in self.env["sports.device"].search([("venue_id", "in", venues.ids)])
        }
        rows, rejected, seen = [], [], set()
        now = datetime.utcnow()
        for index, item in enumerate(batch):
            try:
                if not isinstance(item, dict) or set(item) - {
                    "uuid",
                    "device",
                    "metric",
                    "value",
                    "measured_at",
                }:
                    raise ValueError(
                        "a reading is an object with uuid, device, metric, value, measured_at"
                    )
                reading_uuid = self._clean_uuid(item.get("uuid"))
                device = devices.get(item.get("device"))
                if not device:
                    raise ValueError(f"unknown device {str(item.get('device'))[:40]}")
                if item.get("metric") not in metrics:
                    raise ValueError("unknown metric")
                value = item.get("value")
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
                    raise ValueError("value must be a number")
                measured_at = _parse_time(item.get("measured_at"))
                if measured_at > now + timedelta(minutes=10) or measured_at < now - timedelta(
                    days=400
                ):
                    raise ValueError("measured_at out of range")
            except (ValueError, TypeError, UserError) as error:
                rejected.append(
                    {"index": index, "error": str(error.args[0] if error.args else error)[:200]}
                )
                continue
            if reading_uuid in seen:
                continue
            seen.add(reading_uuid)
            rows.append(
                (
                    reading_uuid,
                    device.id,
                    device.venue_id.id,
                    device.company_id.id,
                    item["metric"],
                    float(value),
                    measured_at,
                )
            )
        inserted = set()
        if rows:
            now_db = fields.Datetime.now()
            self.env.cr.execute(
                SQL(
                    """INSERT INTO sports_device_reading
                              (uuid, device_id, venue_id, company_id, metric, value, measured_at,
                               create_uid, write_uid, create_date, write_date)
                       VALUES %s
                       ON CONFLICT (uuid) DO NOTHING
                       RETURNING uuid""",
                    SQL(", ").join(
                        SQL(
                            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            *row,
                            self.env.uid,
                            self.env.uid,
                            now_db,
                            now_db,
                        )
                        for row in rows
                    ),
                )
            )
            inserted = {row[0] for row in self.env.cr.fetchall()}
        return {
            "accepted": [row[0] for row in rows if row[0] in inserted],
            "duplicates": [row[0] for row in rows if row[0] not in inserted],
            "rejected": rejected,
        }

    # ------------------------------------------------------------------ sync

    @api.model
    def sync(self, cursor=None, limit=500):
        """Changes since ``cursor`` for the caller's venues, in pages.

        Returns ``{"cursor", "more", "credentials", "entitlements", "keys", "points",
        "venues", "lights", "server_time"}``. Call again with the returned cursor while
        ``more`` is true. Revoked credentials come with ``state: "revoked"``.
        """
        venues = self._caller_venues()
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
            raise UserError(_("The page size must be from 1 to %(max)s.", max=MAX_PAGE))
        # sudo: the caller was checked above and only its venues' records are returned.
        return self.sudo()._sync(cursor, limit, venues)

    @api.model
    def _parse_cursor(self, cursor):
        if cursor in (None, "", 0):
            return 0, 0
        if not isinstance(cursor, str) or cursor.count(":") != 1:
            raise UserError(_("This is not a cursor returned by sync."))
        xid, seq = cursor.split(":")
        if not (xid.isdigit() and seq.isdigit()):
            raise UserError(_("This is not a cursor returned by sync."))
        return int(xid), int(seq)

    def _sync(self, cursor, limit, venues):
        xid, seq = self._parse_cursor(cursor)
        companies = venues.company_id
        self.env.flush_all()
        cr = self.env.cr
        # Only rows of transactions older than every running one: a transaction still
        # open cannot later commit a row below the cursor we hand out. (Rows of our own
        # transaction are stable for us too; a proxy's sync writes none, tests do.)
        cr.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
            "COALESCE(pg_current_xact_id_if_assigned()::text::bigint, 0)"
        )
        horizon, own_xid = cr.fetchone()
        cr.execute(
            SQL(
                """SELECT kind, id, sync_xid, sync_seq FROM (
                       SELECT 'entitlement' AS kind, id, sync_xid, sync_seq
                         FROM sports_access_entitlement
                        WHERE company_id IN %(companies)s
                       UNION ALL
                       SELECT 'credential', id, sync_xid, sync_seq
                         FROM sports_access_credential
                        WHERE company_id IN %(companies)s
                   ) changes
                   WHERE (sync_xid < %(horizon)s OR sync_xid = %(own_xid)s)
                     AND (sync_xid, sync_seq) > (%(xid)s, %(seq)s)
                   ORDER BY sync_xid, sync_seq
                   LIMIT %(limit)s""",
                companies=tuple(companies.ids),
                horizon=horizon,
                own_xid=own_xid,
                xid=xid,
                seq=seq,
                limit=limit + 1,
            )
        )
        rows = cr.fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        if rows:
            xid, seq = rows[-1][2], rows[-1][3]
        ids = {"entitlement": [], "credential": []}
        for kind, record_id, _xid, _seq in rows:
            ids[kind].append(record_id)
        entitlements = self.env["sports.access.entitlement"].browse(ids["entitlement"])
        credentials = self.env["sports.access.credential"].browse(ids["credential"])
        venue_ids = set(venues.ids)
        return {
            "cursor": f"{xid}:{seq}",
            "more": more,
            "server_time": fields.Datetime.now().isoformat() + "Z",
            "entitlements": [
                self._entitlement_data(e)
                for e in entitlements
                if not e.venue_ids or set(e.venue_ids.ids) & venue_ids
            ],
            "credentials": [self._credential_data(c) for c in credentials],
            "keys": [
                {
                    "key_id": key.key_id,
                    "public_key": key.public_key,
                    "state": key.state,
                    "valid_until": _iso(key.valid_until),
                }
                for key in self.env["sports.access.key"]._trusted(companies)
            ],
            "venues": [venue._arena_access_data() for venue in venues],
            "points": [
                dict(point._facts(), code=point.code, direction=point.direction)
                for point in self.env["sports.access.point"].search(
                    [("venue_id", "in", venues.ids)]
                )
            ],
            "lights": self._lights(venues),
        }

    def _entitlement_data(self, entitlement):
        return {
            "id": entitlement.id,
            "kind": entitlement.kind,
            "ticket_kind": entitlement.ticket_kind or None,
            "state": entitlement.state,
            "company_id": entitlement.company_id.id,
            "venue_ids": entitlement.venue_ids.ids,
            "area_ids": entitlement.area_ids.ids,
            "partner": entitlement.partner_id.name or None,
            "valid_from": _iso(entitlement.valid_from),
            "valid_to": _iso(entitlement.valid_to),
            "uses_left": entitlement.uses_left if entitlement.counted else None,
            "daily_cap": entitlement.daily_cap,
            "opening_hours": entitlement.opening_hours,
            "slot_minutes": entitlement.slot_minutes,
            "first_entry_at": _iso(entitlement.first_entry_at),
        }

    def _credential_data(self, credential):
        return {
            "id": credential.id,
            "kind": credential.kind,
            "code": credential.code or None,
            "nonce": credential.nonce or None,
            "value": credential.value or None,
            "entitlement_id": credential.entitlement_id.id,
            "state": credential.state,
            "valid_to": _iso(credential.entitlement_id.valid_to),
        }

    def _lights(self, venues):
        now = fields.Datetime.now()
        Space = self.env["sports.space"]
        return [
            dict(item, venue_id=venue.id)
            for venue in venues
            for item in _jsonable(Space.light_schedule(venue.id, now, now + timedelta(hours=48)))
        ]


def _iso(value):
    return value.isoformat() + "Z" if value else None


def _jsonable(items):
    out = []
    for item in items or []:
        out.append(
            {
                key: (_iso(value) if isinstance(value, datetime) else value)
                for key, value in item.items()
            }
        )
    return out
