import hashlib
import hmac
import secrets
import time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The signature covers the timestamp, the nonce and the exact body bytes:
#   hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + body))
# Requests and answers carry it in these headers, in both directions.
HEADER_KEY_ID = "X-Arena-Key-Id"
HEADER_TIMESTAMP = "X-Arena-Timestamp"
HEADER_NONCE = "X-Arena-Nonce"
HEADER_SIGNATURE = "X-Arena-Signature"
# How far a request's timestamp may be from our clock, in seconds.
MAX_CLOCK_SKEW = 300


def uplink_signature(secret, timestamp, nonce, body):
    """The hex HMAC-SHA256 of ``timestamp\\nnonce\\nbody`` (``body`` as bytes)."""
    message = f"{timestamp}\n{nonce}\n".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(key_id, secret, body, now=None):
    """The four signature headers for ``body``, with a fresh nonce."""
    timestamp = str(int(now if now is not None else time.time()))
    nonce = secrets.token_hex(16)
    return {
        HEADER_KEY_ID: key_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: uplink_signature(secret, timestamp, nonce, body),
    }


def signature_problem(secret, headers, body, now=None, check_clock=True):
    """None when ``headers`` sign ``body`` with ``secret``, else why not (English, for
    logs and the last error)."""
    timestamp = headers.get(HEADER_TIMESTAMP) or ""
    nonce = headers.get(HEADER_NONCE) or ""
    signature = headers.get(HEADER_SIGNATURE) or ""
    if not (timestamp.isdigit() and nonce and signature):
        return "missing or malformed signature headers"
    if (
        check_clock
        and abs(int(now if now is not None else time.time()) - int(timestamp)) > MAX_CLOCK_SKEW
    ):
        return f"timestamp {timestamp} is more than {MAX_CLOCK_SKEW} s from our clock"
    expected = uplink_signature(secret, timestamp, nonce, body)
    if not hmac.compare_digest(expected, signature.strip().lower()):
        return "the signature does not verify"
    return None


class SportsUplinkConnection(models.Model):
    """An endpoint that Arena reports up to (the national platform, a bureau, or a
    bureau's own Arena), or, on the receiving side, a subordinate that reports here."""

    _name = "sports.uplink.connection"
    _description = "Regulatory Uplink Connection"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    direction = fields.Selection(
        [("outbound", "We report to it"), ("inbound", "It reports to us")],
        required=True,
        default="outbound",
    )
    url = fields.Char(string="Endpoint URL", help="Where messages are POSTed (outbound).")
    key_id = fields.Char(
        string="Key ID", required=True, help="Sent with each message; names the shared key."
    )
    secret = fields.Char(
        string="Shared Key",
        required=True,
        groups="base.group_system",
        help="The HMAC-SHA256 key both ends share.",
    )
    venue_ids = fields.Many2many(
        comodel_name="sports.venue",
        string="Venues",
        help="The venues this connection reports (outbound); empty for every venue of the company.",
    )
    receiving_company_id = fields.Many2one(
        comodel_name="res.company",
        string="Files Data Under",
        help="Inbound: the operator company, below this bureau, under which the "
        "subordinate's venues and statistics are kept.",
    )
    timeout = fields.Float(default=10.0, help="Seconds before a request is given up.")
    max_attempts = fields.Integer(default=8)
    message_ids = fields.One2many(
        comodel_name="sports.uplink.message", inverse_name="connection_id"
    )
    last_success_at = fields.Datetime(
        readonly=True,
        help="Outbound: the last acknowledged message. Inbound: the last message received.",
    )
    last_error = fields.Text(readonly=True)

    _key_id_unique = models.Constraint("UNIQUE(key_id)", "The key ID must be unique.")
    _timeout_positive = models.Constraint(
        "CHECK(timeout > 0 AND timeout <= 300)", "The timeout must be between 0 and 300 seconds."
    )
    _max_attempts_positive = models.Constraint(
        "CHECK(max_attempts >= 1)", "A message needs at least one attempt."
    )

    @api.constrains("direction", "url", "receiving_company_id")
    def _check_direction_fields(self):
        for connection in self:
            if connection.direction == "outbound" and not (connection.url or "").startswith(
                ("http://", "https://")
            ):
                raise ValidationError(
                    self.env._(
                        "Connection %(name)s reports up: give its endpoint URL, starting "
                        "with https:// (or http:// on a private network).",
                        name=connection.name,
                    )
                )
            if connection.direction == "inbound" and not connection.receiving_company_id:
                raise ValidationError(
                    self.env._(
                        "Connection %(name)s receives reports: choose the company under which "
                        "the reporting operator's venues are kept (Files Data Under).",
                        name=connection.name,
                    )
                )

    @api.constrains("secret")
    def _check_secret(self):
        # sudo: the constraint runs for whoever writes, the field is for system users only.
        for connection in self.sudo():
            if len(connection.secret or "") < 16:
                raise ValidationError(
                    self.env._("The shared key must be at least 16 characters long.")
                )

    def _secret(self):
        """The shared key. sudo: the field is for system users only, while the outbox cron
        and the receiver must sign and verify for everybody."""
        self.ensure_one()
        return self.sudo().secret

    def _sign(self, body):
        """The signature headers for ``body`` (bytes) with this connection's key."""
        self.ensure_one()
        return signed_headers(self.key_id, self._secret(), body)

    def _verify(self, headers, body, check_clock=True):
        """None when ``headers`` sign ``body`` with this connection's key, else why not."""
        self.ensure_one()
        return signature_problem(self._secret(), headers, body, check_clock=check_clock)

    def _covers(self, venue):
        """Whether this outbound connection reports ``venue``."""
        self.ensure_one()
        if self.venue_ids:
            return venue in self.venue_ids
        return venue.company_id == self.company_id

    @api.model
    def _outbound_for(self, venues):
        """``{venue: connections}``: the active outbound connections reporting each venue.
        sudo: the outbox is plumbing that runs after statistics are computed, by whoever
        computed them; the connections themselves are for managers only."""
        connections = self.sudo().search(
            [("direction", "=", "outbound"), ("company_id", "in", venues.company_id.ids)]
        )
        return {
            venue: connections.filtered(lambda c, venue=venue: c._covers(venue)) for venue in venues
        }

    def _venues(self):
        self.ensure_one()
        if self.venue_ids:
            return self.venue_ids
        return self.env["sports.venue"].search([("company_id", "=", self.company_id.id)])

    def action_register_venues(self):
        """Queue a registration of every venue this connection reports, and send."""
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise UserError(self.env._("Only an Arena manager can register venues upstream."))
        self.check_access("write")
        mapping = self.env["sports.uplink.mapping"]
        # sudo: the outbox is written by the system only (no create right for anybody);
        # the manager's rights on the connection were checked above.
        messages = self.env["sports.uplink.message"].sudo()
        for connection in self:
            if connection.direction != "outbound":
                raise UserError(
                    self.env._(
                        "Connection %(name)s receives reports; only a connection that reports "
                        "up registers venues.",
                        name=connection.name,
                    )
                )
            for venue in connection._venues():
                messages |= messages._enqueue(
                    connection,
                    "venue",
                    mapping._venue_ref(venue),
                    mapping._venue_body(venue),
                    venue=venue,
                )
        messages._trigger_send()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("%(count)s venue registrations queued.", count=len(messages)),
            },
        }
