import json
import logging

import psycopg2

from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .sports_uplink_connection import HEADER_KEY_ID, HEADER_NONCE
from .sports_uplink_mapping import TYPE_TO_KIND, from_platform_time
from .sports_uplink_message import payload_digest

_logger = logging.getLogger(__name__)


class UplinkRefusal(Exception):
    """A message refused with an HTTP status and a reason for the sender."""

    def __init__(self, status, error):
        super().__init__(error)
        self.status = status
        self.error = error


class SportsUplinkReceiver(models.AbstractModel):
    """The receiving end in a bureau's own Arena: a subordinate's Arena POSTs its signed
    messages here (``/arena/uplink/v1/messages``), and they are filed under the inbound
    connection's company, so that the bureau's views, roll-ups and dashboards show them."""

    _name = "sports.uplink.receiver"
    _description = "Regulatory Uplink Receiver"

    @api.model
    def _receive(self, headers, raw):
        """Check and apply one request. Returns ``(status, answer, connection)``; the
        controller signs the answer with the connection's key when there is one.
        Runs as superuser: the sender is authenticated by its signature, not a user."""
        connection = self.env["sports.uplink.connection"]
        try:
            connection = self._authenticate(headers, raw)
            envelope = self._parse(connection, headers, raw)
            return 200, self._accept(connection, headers, envelope, raw), connection
        except UplinkRefusal as refusal:
            _logger.info("Uplink message refused (%s): %s", refusal.status, refusal.error)
            answer = {"status": "rejected", "error": refusal.error}
            return refusal.status, answer, connection

    @api.model
    def _authenticate(self, headers, raw):
        key_id = (headers.get(HEADER_KEY_ID) or "").strip()
        connection = (
            self.env["sports.uplink.connection"].search(
                [("key_id", "=", key_id), ("direction", "=", "inbound")], limit=1
            )
            if key_id
            else self.env["sports.uplink.connection"]
        )
        if not connection:
            raise UplinkRefusal(401, "unknown key id")
        problem = connection._verify(headers, raw)
        if problem:
            raise UplinkRefusal(401, problem)
        return connection

    @api.model
    def _parse(self, connection, headers, raw):
        try:
            envelope = json.loads(raw.decode())
        except (UnicodeDecodeError, ValueError):
            raise UplinkRefusal(400, "the body is not JSON") from None
        try:
            self.env["sports.uplink.mapping"]._check_envelope(envelope)
        except ValidationError as error:
            raise UplinkRefusal(400, str(error)) from None
        if envelope["sender_key_id"] != connection.key_id:
            raise UplinkRefusal(400, "sender_key_id differs from the signing key id")
        return envelope

    @api.model
    def _accept(self, connection, headers, envelope, raw):
        # One message of a sender at a time. An UPDATE, not only a lock: under REPEATABLE
        # READ, a concurrent request of the same sender that committed first makes this
        # one fail to serialize, and Odoo retries it on a fresh snapshot, which sees what
        # the first one wrote (a duplicate, then).
        self.env.cr.execute(
            SQL(
                "UPDATE sports_uplink_connection SET last_success_at = now() at time zone 'UTC' "
                "WHERE id = %s",
                connection.id,
            )
        )
        connection.invalidate_recordset(["last_success_at"])
        inbox = self.env["sports.uplink.inbox"]
        nonce = headers.get(HEADER_NONCE)
        if inbox.search_count([("connection_id", "=", connection.id), ("nonce", "=", nonce)]):
            raise UplinkRefusal(401, "replayed request (this nonce was already used)")
        uid = envelope["message_id"]
        digest = payload_digest(envelope["body"])
        last = inbox.search(
            [("connection_id", "=", connection.id), ("message_uid", "=", uid)], limit=1
        )
        kind = TYPE_TO_KIND[envelope["type"]]
        duplicate = bool(last) and last.payload_digest == digest
        venue = last.venue_id
        if not duplicate:
            try:
                with self.env.cr.savepoint():
                    venue = getattr(self, f"_apply_{kind}")(connection, envelope["body"])
                    self.env.flush_all()
            except (UserError, ValidationError) as error:
                raise UplinkRefusal(422, str(error)) from None
            except psycopg2.IntegrityError as error:
                raise UplinkRefusal(422, (error.pgerror or str(error)).strip()[:300]) from None
        inbox.create(
            {
                "connection_id": connection.id,
                "company_id": connection.company_id.id,
                "message_uid": uid,
                "kind": kind,
                "nonce": nonce,
                "payload_digest": digest,
                "venue_id": venue.id,
                "duplicate": duplicate,
            }
        )
        return {"message_id": uid, "status": "accepted", "duplicate": duplicate}

    # ------------------------------------------------------------------ apply
    @api.model
    def _remote_venue(self, connection, body, required=True):
        venue = (
            self.env["sports.venue"]
            .with_context(active_test=False)
            .search(
                [
                    ("uplink_connection_id", "=", connection.id),
                    ("uplink_remote_ref", "=", body["venue_id"]),
                ],
                limit=1,
            )
        )
        if not venue and required:
            # 409: the registration may simply not have arrived yet; the sender retries.
            raise UplinkRefusal(409, f"venue {body['venue_id']} is not registered yet")
        return venue

    @api.model
    def _apply_venue(self, connection, body):
        vals = self.env["sports.uplink.mapping"]._venue_vals_from_body(body)
        venue = self._remote_venue(connection, body, required=False)
        if venue:
            venue.write(vals)
            return venue
        return self.env["sports.venue"].create(
            {
                **vals,
                "company_id": connection.receiving_company_id.id,
                "uplink_connection_id": connection.id,
                "uplink_remote_ref": body["venue_id"],
            }
        )

    @api.model
    def _apply_flow_hourly(self, connection, body):
        venue = self._remote_venue(connection, body)
        hour_end = from_platform_time(body["hour_end"])
        flows = self.env["sports.flow.hourly"]
        # The message is the whole venue-hour: it replaces what an earlier version said.
        flows.search([("venue_id", "=", venue.id), ("hour_end", "=", hour_end)]).unlink()
        flows.create(self.env["sports.uplink.mapping"]._flow_vals_from_body(venue, body))
        return venue

    @api.model
    def _apply_daily(self, connection, body):
        venue = self._remote_venue(connection, body)
        vals = self.env["sports.uplink.mapping"]._stat_vals_from_body(venue, body)
        stat = self.env["sports.venue.stat"].search(
            [("venue_id", "=", venue.id), ("date", "=", vals["date"])], limit=1
        )
        if stat:
            stat.write(vals)
        else:
            stat.create(vals)
        return venue
