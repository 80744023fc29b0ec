from odoo import fields, models


class SportsUplinkInbox(models.Model):
    """A message accepted from a subordinate's Arena (receiving side): the nonce of the
    request refuses replays, and the payload digest recognises a message sent again
    (its acknowledgement was lost), which is acknowledged again without writing twice."""

    _name = "sports.uplink.inbox"
    _description = "Regulatory Uplink Received Message"
    _order = "id desc"
    _rec_name = "message_uid"

    connection_id = fields.Many2one(
        comodel_name="sports.uplink.connection",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    message_uid = fields.Char(string="Message ID", required=True, readonly=True, index=True)
    kind = fields.Char(readonly=True)
    nonce = fields.Char(required=True, readonly=True)
    payload_digest = fields.Char(readonly=True)
    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True, index=True)
    duplicate = fields.Boolean(
        readonly=True, help="Already applied with the same payload: acknowledged, not written."
    )

    _nonce_unique = models.Constraint(
        "UNIQUE(connection_id, nonce)", "This request was already received (replay)."
    )
