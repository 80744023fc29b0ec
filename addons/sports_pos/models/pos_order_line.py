from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    sports_ticket_ids = fields.One2many(
        comodel_name="sports.access.entitlement",
        inverse_name="pos_order_line_id",
        string="Tickets",
        help="The tickets this line sold, issued when the server accepted the order.",
    )
    sports_ticket_qr_tokens = fields.Json(
        compute="_compute_sports_ticket_qr_tokens",
        string="Ticket QR Codes",
        help="The signed QR code of each valid ticket of the line, printed on the receipt.",
    )

    @api.depends("sports_ticket_ids.qr_token", "sports_ticket_ids.state")
    def _compute_sports_ticket_qr_tokens(self):
        for line in self:
            # sudo: the cashier prints the tickets of the line they sold; access records are
            # the system's own.
            tickets = line.sudo().sports_ticket_ids.filtered(lambda t: t.state == "active")
            line.sports_ticket_qr_tokens = [
                {"name": ticket.name, "token": ticket.qr_token}
                for ticket in tickets
                if ticket.qr_token
            ]

    @api.model
    def _load_pos_data_fields(self, config):
        return [*super()._load_pos_data_fields(config), "sports_ticket_qr_tokens"]

    def _sports_card_charge_scope(self):
        """Keyword arguments that scope a member card's charge for this line.

        ``sports.card.charge`` checks them against the card type's scope; the booking bridge
        returns the booked space here, so a card valid for some courts pays only for those.
        """
        self.ensure_one()
        return {}
