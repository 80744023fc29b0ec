import hashlib
import json
import logging
import random
from datetime import timedelta

import requests
from psycopg2 import errors as pg_errors

from odoo import api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MESSAGE_KINDS = [
    ("venue", "Venue registration"),
    ("flow_hourly", "Hourly flow"),
    ("daily", "Daily summary"),
]
# Backoff after the n-th failed attempt: BACKOFF_BASE * 2^(n-1) seconds, at most
# BACKOFF_CAP, plus up to 20 % of random jitter so that many venues do not retry in step.
BACKOFF_BASE = 30
BACKOFF_CAP = 3600
BATCH_SIZE = 200
# HTTP answers that mean "try again later": a timeout, rate limiting, and "not yet" (a
# flow for a venue whose registration has not arrived yet).
RETRY_STATUSES = {408, 409, 425, 429}


def payload_digest(payload):
    """A stable digest of a payload: the same content gives the same digest."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def backoff_seconds(attempts, rng=random):
    """Seconds to wait after ``attempts`` failed attempts (1 for the first failure)."""
    base = min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)
    return base * (1 + rng.uniform(0, 0.2))


class SportsUplinkMessage(models.Model):
    """One message in the outbox: built once, signed and sent until acknowledged.

    A message is keyed by ``message_uid`` (the kind and a content key, such as a venue and
    an hour), UNIQUE per connection. Enqueueing the same key again:

    - with the same payload changes nothing, whatever the state: nothing acknowledged is
      ever sent twice unchanged, and a failed message waits for a manager's resend;
    - with a new payload (a recompute changed the hour) replaces the payload and queues the
      message again from its first attempt, even when it was acknowledged: the receiver
      replaces its copy of that hour, venue or day.
    """

    _name = "sports.uplink.message"
    _description = "Regulatory Uplink Message"
    _order = "id desc"
    _rec_name = "message_uid"

    connection_id = fields.Many2one(
        comodel_name="sports.uplink.connection",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True, index=True)
    kind = fields.Selection(MESSAGE_KINDS, required=True, readonly=True)
    message_uid = fields.Char(
        string="Message ID",
        required=True,
        readonly=True,
        help="Stable per content key, so that the receiver can drop duplicates.",
    )
    period_start = fields.Datetime(readonly=True)
    payload = fields.Json(readonly=True)
    payload_digest = fields.Char(readonly=True, help="SHA-256 of the canonical payload.")
    revision = fields.Integer(
        readonly=True, default=1, help="How many different payloads this message has carried."
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("retry", "Retrying"),
            ("acked", "Acknowledged"),
            ("failed", "Failed"),
        ],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True, help="Sending attempts of the current payload.")
    next_attempt_at = fields.Datetime(readonly=True, index=True)
    last_error = fields.Text(readonly=True)
    sent_at = fields.Datetime(readonly=True, help="The last attempt.")
    acked_at = fields.Datetime(readonly=True)

    _uid_unique = models.Constraint(
        "UNIQUE(connection_id, message_uid)", "This message is already in the outbox."
    )

    # ------------------------------------------------------------------ queueing
    @api.model
    def _enqueue_registration(self, connection, venue):
        """Queue ``venue``'s registration for ``connection`` (unchanged, it stays as it
        is): the receiver files a venue's figures only once it knows the venue."""
        mapping = self.env["sports.uplink.mapping"]
        return self._enqueue(
            connection, "venue", mapping._venue_ref(venue), mapping._venue_body(venue), venue=venue
        )

    def _enqueue(self, connection, kind, key, payload, venue=None, period_start=None):
        """Queue ``payload`` for ``connection`` under the stable id ``kind/key``, or
        update the queued message of that id (see the class docstring). Returns it."""
        connection.ensure_one()
        uid = f"{kind}/{key}"
        digest = payload_digest(payload)
        message = self._lock_by_uid(connection, uid)
        if not message:
            try:
                with self.env.cr.savepoint():
                    return self.create(
                        {
                            "connection_id": connection.id,
                            "company_id": connection.company_id.id,
                            "venue_id": venue.id if venue else False,
                            "kind": kind,
                            "message_uid": uid,
                            "period_start": period_start,
                            "payload": payload,
                            "payload_digest": digest,
                            "next_attempt_at": fields.Datetime.now(),
                        }
                    )
            except pg_errors.UniqueViolation:
                # Queued by a concurrent transaction since we looked: update that one.
                message = self._lock_by_uid(connection, uid)
        if message.payload_digest == digest:
            return message
        message.write(
            {
                "payload": payload,
                "payload_digest": digest,
                "revision": message.revision + 1,
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": fields.Datetime.now(),
                "last_error": False,
                "acked_at": False,
            }
        )
        return message

    @api.model
    def _lock_by_uid(self, connection, uid):
        """The message ``uid`` of ``connection``, locked; waits for a sender holding it."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_uplink_message WHERE connection_id = %s "
                "AND message_uid = %s FOR UPDATE",
                connection.id,
                uid,
            )
        )
        row = self.env.cr.fetchone()
        message = self.browse(row[0] if row else ())
        message.invalidate_recordset()
        return message

    def _trigger_send(self):
        """Wake the sending cron up now (it runs every minute anyway)."""
        cron = self.env.ref(
            "sports_regulatory.ir_cron_sports_uplink_send", raise_if_not_found=False
        )
        if cron:
            # sudo: queueing happens for whoever computed the statistics; the cron is
            # a system record.
            cron.sudo()._trigger()

    def action_resend(self):
        """Queue failed messages again from their first attempt (manager)."""
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise UserError(self.env._("Only an Arena manager can resend uplink messages."))
        self.check_access("write")
        not_failed = self.filtered(lambda m: m.state != "failed")
        if not_failed:
            raise UserError(
                self.env._(
                    "Only failed messages can be resent; %(uids)s are not failed.",
                    uids=", ".join(not_failed.mapped("message_uid")[:5]),
                )
            )
        self.write(
            {
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": fields.Datetime.now(),
            }
        )
        self._trigger_send()
        return True

    # ------------------------------------------------------------------ sending
    @api.model
    def _cron_send(self, limit=BATCH_SIZE):
        """Send the due messages, one transaction each: a crash mid-batch loses nothing,
        and an acknowledged message is committed before the next is sent."""
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id
                  FROM sports_uplink_message m
                  JOIN sports_uplink_connection c ON c.id = m.connection_id
                 WHERE m.state IN ('pending', 'retry')
                   AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= %s)
                   AND c.active AND c.direction = 'outbound'
                 ORDER BY m.next_attempt_at NULLS FIRST, m.id
                 LIMIT %s
                """,
                now,
                limit,
            )
        )
        due = [row[0] for row in self.env.cr.fetchall()]
        sent = 0
        for message_id in due:
            # Another sender may hold it, or have sent it since: skip it then.
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM sports_uplink_message WHERE id = %s "
                    "AND state IN ('pending', 'retry') FOR UPDATE SKIP LOCKED",
                    message_id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            message = self.browse(message_id)
            message.invalidate_recordset()
            message._send()
            sent += 1
            if not modules.module.current_test:
                # One message per transaction: the ack is durable before the next send.
                self.env["ir.cron"]._commit_progress(1)
        return sent

    def _send(self):
        """One attempt: sign, POST, and record the outcome. The caller holds the row lock."""
        self.ensure_one()
        connection = self.connection_id.sudo()  # sudo: the cron signs for every company.
        now = fields.Datetime.now()
        envelope = self.env["sports.uplink.mapping"]._envelope(self, now)
        body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", **connection._sign(body)}
        self.write({"attempts": self.attempts + 1, "sent_at": now})
        try:
            response = requests.post(
                connection.url, data=body, headers=headers, timeout=connection.timeout
            )
        except requests.RequestException as error:
            return self._retry(f"network error: {type(error).__name__}: {str(error)[:300]}")
        status = response.status_code
        answer_problem = connection._verify(response.headers, response.content)
        answer = self._parse_answer(response)
        if 200 <= status < 300:
            if answer_problem:
                return self._retry(
                    f"HTTP {status} but the answer is not signed by the receiver: {answer_problem}"
                )
            if answer.get("message_id") != self.message_uid or answer.get("status") != "accepted":
                return self._retry(
                    f"HTTP {status} without an acceptance of {self.message_uid}: {response.text[:300]}"
                )
            return self._ack()
        error = answer.get("error") or response.text[:300] or response.reason
        if status >= 500 or status in RETRY_STATUSES:
            return self._retry(f"HTTP {status}: {error}")
        return self._fail(f"HTTP {status}: {error}")

    @staticmethod
    def _parse_answer(response):
        try:
            answer = response.json()
        except ValueError:
            return {}
        return answer if isinstance(answer, dict) else {}

    def _ack(self):
        now = fields.Datetime.now()
        self.write(
            {"state": "acked", "acked_at": now, "next_attempt_at": False, "last_error": False}
        )
        self.connection_id.sudo().last_success_at = now  # sudo: see _send

    def _retry(self, error):
        _logger.info(
            "Uplink message %s: attempt %s failed: %s", self.message_uid, self.attempts, error
        )
        if self.attempts >= self.connection_id.sudo().max_attempts:
            return self._fail(
                self.env._(
                    "Gave up after %(attempts)s attempts. Last error: %(error)s",
                    attempts=self.attempts,
                    error=error,
                )
            )
        delay = backoff_seconds(self.attempts)
        self.write(
            {
                "state": "retry",
                "last_error": error,
                "next_attempt_at": fields.Datetime.now() + timedelta(seconds=delay),
            }
        )
        self.connection_id.sudo().last_error = error  # sudo: see _send

    def _fail(self, error):
        _logger.warning("Uplink message %s failed: %s", self.message_uid, error)
        self.write({"state": "failed", "last_error": error, "next_attempt_at": False})
        self.connection_id.sudo().last_error = error  # sudo: see _send
