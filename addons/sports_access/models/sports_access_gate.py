"""The decision at a gate, online: find the point and the credential, apply the rules,
record the passage.

``sports.access.api.verify`` checks the caller and calls ``_verify`` here.
"""

import contextlib
import re
import uuid as uuidlib
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from arena_access import Facts, Passage, decide, direction_at, parse_read, token

from ..tools import cache

# Kinds of credential a reader reads, besides a QR payload.
VALUE_KINDS = ("uid", "face", "plate")
# QR code ids are positive 31-bit integers (see sports.access.credential._new_code).
MAX_CODE = 2**31 - 1
# What the gate reads of a credential it found (``_find_credential``).
GATE_CREDENTIAL_FIELDS = ("kind", "state", "nonce", "entitlement_id")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SportsAccessGate(models.AbstractModel):
    _name = "sports.access.gate"
    _description = "Access Gate Decision"

    # ------------------------------------------------------------------ verify

    def _verify(self, credential, point, venues, uuid=None, direction=None, at=None):
        at = at or fields.Datetime.now()
        uuid = self._clean_uuid(uuid) if uuid else str(uuidlib.uuid4())
        point_rec = self._find_point(point, venues)
        if not point_rec:
            existing = self._existing_event(uuid, venues)
            if existing:
                return self._answer(existing)
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
        # The insert skips a uuid the point's company already has: the first call's event
        # then answers (a retry), and the passage decided now is dropped with its lock.
        event = self.env["sports.access.event"]._record(
            [dict(passage, uuid=uuid, device_time=at, source="online")], consume=True
        )
        return self._answer(event or self._existing_event(uuid, venues))

    def _existing_event(self, uuid, venues):
        """The event of ``uuid`` among the companies of ``venues``, if any: a retry finds
        its first decision; a uuid of another venue of those companies is an error, and
        nothing of another company's events is ever answered."""
        company_ids = self.env["sports.venue"]._access_company_ids(tuple(sorted(venues.ids)))
        existing = self.env["sports.access.event"].search(
            [("uuid", "=", uuid), ("company_id", "in", list(company_ids))], limit=1
        )
        if existing and existing.venue_id not in venues:
            raise UserError(_("This event uuid is already used: send a new one."))
        return existing

    @api.model
    def _clean_uuid(self, value):
        """The canonical text of an event or reading uuid; ``UserError`` if it is none."""
        if not isinstance(value, str):
            raise UserError(_("An event uuid must be text."))
        try:
            return str(uuidlib.UUID(value.strip()))
        except ValueError as error:
            raise UserError(
                _("%(value)s is not a uuid.", value=CONTROL.sub("?", value[:64]))
            ) from error

    def _find_point(self, point, venues):
        """The active point named ``point`` (code or id) among ``venues``; each worker
        remembers the answer until a point is written."""
        Point = self.env["sports.access.point"]
        return Point.browse(Point._gate_point_id(tuple(sorted(venues.ids)), point))

    def _answer(self, event):
        labels = dict(event._fields["reason"]._description_selection(self.env))
        return {
            "decision": event.decision,
            "reason": event.reason or None,
            "uuid": event.uuid,
            "partner": event.partner_id.name or None,
            "message": labels.get(event.reason) if event.reason else _("Welcome"),
        }

    # ------------------------------------------------------------------ credentials

    @api.model
    def _parse_credential(self, credential):
        """``(kind, value)`` of what a reader read, checked for its shape only (a card UID
        or plate comes back normalised, see ``arena_access.parse_read``).

        ``credential`` is a QR payload or a card UID (text), ``{"kind", "value"}``, or
        ``{"kind": "qr", "code": <int>}`` as an uploaded event names a QR by its code id,
        which gives ``("qr_code", code)``. Anything else gives ``(None, None)``.
        """
        if isinstance(credential, dict) and credential.get("kind") == "qr" and "code" in credential:
            code = credential["code"]
            if isinstance(code, int) and not isinstance(code, bool) and 0 < code <= MAX_CODE:
                return "qr_code", code
            return None, None
        parsed = parse_read(credential)
        # No reader sends control characters; the database would refuse a NUL.
        if not parsed or CONTROL.search(parsed[1]):
            return None, None
        return parsed

    def _resolve(self, credential, company, known=None, check_signature=True):
        """``(credential record, reason, ref)`` of what a reader read.

        ``known`` is what ``_known_credentials`` found for a whole batch, to look up
        instead of searching.
        """
        kind, value = self._parse_credential(credential)
        return self._resolve_parsed(kind, value, company, known, check_signature)

    def _resolve_parsed(self, kind, value, company, known=None, check_signature=True):
        """``_resolve`` of a credential that ``_parse_credential`` already read."""
        Credential = self.env["sports.access.credential"]
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
            if not 0 < claims.code <= MAX_CODE:
                return Credential, "unknown_credential", ref
            found = self._find_credential(company, "qr", claims.code, known)
            # The signed nonce ties the payload to the credential record.
            if found and found.nonce != claims.nonce:
                return Credential, "invalid_signature", ref
            return found, None if found else "unknown_credential", ref
        if kind not in VALUE_KINDS:
            return Credential, "malformed", None
        found = self._find_credential(company, kind, value, known)
        return found, None if found else "unknown_credential", f"{kind}:{value}"

    def _find_credential(self, company, kind, code_or_value, known=None):
        """The credential of ``company`` with this QR code id or this card/plate/face value
        (an active one first), from ``known`` when given, else searched."""
        Credential = self.env["sports.access.credential"]
        if known is not None:
            return known.get((company.id, kind, code_or_value), Credential)
        field = "code" if kind == "qr" else "value"
        Credential.flush_model(["company_id", "kind", field, *GATE_CREDENTIAL_FIELDS])
        # One query for the record and what the gate reads of it, put in the cache as a
        # fetch would: the ORM's search costs more than the query on this hot path.
        # Ordered as ``search(order="state, id desc")``: an active one first.
        self.env.cr.execute(
            SQL(
                """SELECT id, %s
                     FROM sports_access_credential
                    WHERE company_id = %s AND kind = %s AND %s = %s
                    ORDER BY state, id DESC
                    LIMIT 1""",
                SQL(", ").join(SQL.identifier(name) for name in GATE_CREDENTIAL_FIELDS),
                company.id,
                kind,
                SQL.identifier(field),
                code_or_value,
            )
        )
        return cache.cached_rows(Credential, GATE_CREDENTIAL_FIELDS, self.env.cr.fetchall())

    def _known_credentials(self, batch, companies):
        """``{(company id, kind, code or value): credential}`` of every credential a batch
        of uploaded events names, found with two searches instead of one per event."""
        Credential = self.env["sports.access.credential"]
        codes, values = set(), set()
        for item in batch:
            credential = item.get("credential") if isinstance(item, dict) else None
            kind, value = self._parse_credential(credential)
            if kind == "qr_code":
                codes.add(value)
            elif kind == "qr":
                with contextlib.suppress(token.TokenError):
                    code = token.peek(value)[0].code
                    if 0 < code <= MAX_CODE:
                        codes.add(code)
            elif kind in VALUE_KINDS:
                values.add(value)
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
        """``{key id: raw public key}`` the gate trusts now for ``company``; each worker
        remembers a company's keys until one is created, retired or removed."""
        keys = self.env["sports.access.key"]._trusted_public(company.id)
        now = fields.Datetime.now()
        return {
            key_id: bytes.fromhex(public)
            for key_id, public, active, valid_until in keys
            if active or (valid_until and valid_until > now)
        }

    def _evaluate(self, credential, point, at, direction=None):
        """Decide one passage; returns the values of its access event (not yet written)."""
        config = point._gate_config(point.id)
        company = self.env["res.company"].browse(config["company_id"])
        found, reason, ref = self._resolve(credential, company)
        entitlement = found.entitlement_id
        scope = None
        if entitlement:
            scope = entitlement._lock_for_gate()
        last_in_area = None
        if config["direction"] == "both" and direction not in ("in", "out"):
            last_in_area = self._last_direction_in_area(found, point)
        direction = direction_at(config["direction"], direction, last_in_area)
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
        # The opening (weekly hours less closures and holidays) is asked only when it
        # matters: an entry on an entitlement that follows opening hours.
        is_open = (
            direction == "out"
            or not entitlement.opening_hours
            or self.env["sports.venue"].browse(config["venue_id"])._is_open(at)
        )
        decision, reason = decide(
            at,
            point._facts(direction),
            {"state": found.state},
            entitlement._facts(scope),
            self._facts(found, point, at),
            is_open,
        )
        return dict(values, decision=decision, reason=reason)

    def _last_direction_in_area(self, credential, point):
        """The direction of the last granted passage of the credential's pass (entitlement)
        in the point's area, like ``_facts`` and the proxy: a pass that came in by QR
        leaves by its card."""
        if not credential:
            return None
        last = self.env["sports.access.event"].search(
            [
                ("entitlement_id", "=", credential.entitlement_id.id),
                ("area_id", "=", point._gate_config(point.id)["area_id"]),
                ("decision", "=", "granted"),
            ],
            order="device_time desc, id desc",
            limit=1,
        )
        return last.direction or None

    def _facts(self, credential, point, at):
        """What the rules read of the entitlement's granted passages up to ``at``.

        Its last passage, its last passage in the point's area (for anti-passback) and
        its entries since the venue's local midnight (for a daily cap): indexed queries,
        so a day pass used a thousand times decides as fast as a new one.
        """
        if not credential:
            return Facts()
        entitlement = credential.entitlement_id
        config = point._gate_config(point.id)
        last, in_area = self._last_passages(
            entitlement.id, at, config["area_id"] if config["anti_passback"] else None
        )
        entries = 0
        if entitlement.daily_cap:
            venue = self.env["sports.venue"].browse(config["venue_id"])
            midnight = venue._day_bounds(venue._local_date(at))[0]
            entries = self.env["sports.access.event"].search_count(
                [
                    ("entitlement_id", "=", entitlement.id),
                    ("decision", "=", "granted"),
                    ("device_time", "<=", at),
                    ("direction", "=", "in"),
                    ("device_time", ">=", midnight),
                ],
                limit=entitlement.daily_cap,
            )
        return Facts(last=last, last_in_area=in_area, entries_today=entries)

    def _last_passages(self, entitlement_id, at, area_id=None):
        """``(last, last in area)``: the entitlement's last granted passage up to ``at``
        (to the second, as the ORM compares datetimes) and, when ``area_id`` is given,
        its last one in that area, as ``Passage`` or ``None``; one indexed query."""
        Event = self.env["sports.access.event"]
        Event.flush_model(["entitlement_id", "decision", "device_time", "area_id"])
        until = at.replace(microsecond=0) + timedelta(seconds=1)

        def last(in_area):
            return SQL(
                """(SELECT %s, device_time, point_id, area_id, direction
                      FROM sports_access_event
                     WHERE entitlement_id = %s AND decision = 'granted'
                       AND device_time < %s %s
                     ORDER BY device_time DESC, id DESC
                     LIMIT 1)""",
                in_area,
                entitlement_id,
                until,
                SQL("AND area_id = %s", area_id) if in_area else SQL(),
            )

        query = last(False)
        if area_id:
            query = SQL("%s UNION ALL %s", query, last(True))
        self.env.cr.execute(query)
        found = {row[0]: Passage(*row[1:]) for row in self.env.cr.fetchall()}
        return found.get(False), found.get(True)
