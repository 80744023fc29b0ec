from odoo import fields, models


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
    last_success_at = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)

    _key_id_unique = models.Constraint("UNIQUE(key_id)", "The key ID must be unique.")
