"""The decision at a gate, online: find the point and the credential, apply the rules,
record the passage.

``sports.access.api.verify`` checks the caller and calls ``_verify`` here.
"""

import contextlib
import uuid as uuidlib

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import qrtoken as token
from ..tools import rules

# Kinds of credential a reader reads, besides a QR payload.
VALUE_KINDS = ("uid", "face", "plate")


class SportsAccessGate(models.AbstractModel):
    _name = "sports.access.gate"
    _description = "Access Gate Decision"

    # ------------------------------------------------------------------ verify

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
        event = Event._record(
            [dict(passage, uuid=uuid, device_time=at, source="online")], consume=True
        )
        return self._answer(event)

    @api.model
    def _clean_uuid(self, value):
        """The canonical text of an event or reading uuid; ``UserError`` if it is none."""
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

    # ------------------------------------------------------------------ credentials

    @api.model
    def _parse_credential(self, credential):
        """``(kind, value)`` of what a reader read, checked for its shape only.

        ``credential`` is a QR payload or a card UID (text), ``{"kind", "value"}``, or
        ``{"kind": "qr", "code": <int>}`` as an uploaded event names a QR by its code id,
        which gives ``("qr_code", code)``. Anything else gives ``(None, None)``.
        """
        kind, value = None, credential
        if isinstance(credential, dict):
            if credential.get("kind") == "qr" and isinstance(credential.get("code"), int):
                return "qr_code", credential["code"]
            kind, value = credential.get("kind"), credential.get("value")
        if not isinstance(value, str) or not value.strip() or len(value) > 512:
            return None, None
        value = value.strip()
        if kind is None:
            kind = "qr" if len(value) >= token.TOKEN_SIZE else "uid"
        if kind != "qr" and kind not in VALUE_KINDS:
            return None, None
        return kind, value

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
            found = self._find_credential(company, "qr", claims.code, known)
            # The signed nonce ties the payload to the credential record.
            if found and found.nonce != claims.nonce:
                return Credential, "invalid_signature", ref
            return found, None if found else "unknown_credential", ref
        if kind not in VALUE_KINDS:
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
            kind, value = self._parse_credential(credential)
            if kind == "qr_code":
                codes.add(value)
            elif kind == "qr":
                with contextlib.suppress(token.TokenError):
                    codes.add(token.peek(value)[0].code)
            elif kind in VALUE_KINDS:
                with contextlib.suppress(ValidationError):
                    values.add(Credential._normalize_value(kind, value))
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
