from odoo import fields, models

MESSAGE_KINDS = [
    ("venue", "Venue registration"),
    ("flow_hourly", "Hourly flow"),
    ("daily", "Daily summary"),
]


class SportsUplinkMessage(models.Model):
    """One message in the outbox: built once, signed and sent until acknowledged."""

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
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True, index=True)
    last_error = fields.Text(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    acked_at = fields.Datetime(readonly=True)

    _uid_unique = models.Constraint(
        "UNIQUE(connection_id, message_uid)", "This message is already in the outbox."
    )
