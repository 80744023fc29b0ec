from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.sports_venue.tools import inputs

from arena_access import token as qr_token

# A QR token is the base64url text of the signed payload, without padding.
TOKEN_LENGTH = (qr_token.TOKEN_SIZE * 4 + 2) // 3
RENTAL_STATES = [("out", "Out"), ("returned", "Returned")]


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

    sports_rental_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Rented Item",
        readonly=True,
        index="btree_not_null",
        help="On a deposit line: the item rented against this deposit.",
    )
    sports_rental_state = fields.Selection(
        RENTAL_STATES,
        string="Rental",
        compute="_compute_sports_rental_state",
        store=True,
        help="Out: the item is with the customer and the deposit is held. Returned: the "
        "deposit was refunded when the item came back.",
    )

    @api.depends(
        "sports_rental_product_id",
        "qty",
        "order_id.state",
        "refund_orderline_ids.qty",
        "refund_orderline_ids.order_id.state",
    )
    def _compute_sports_rental_state(self):
        for line in self:
            if not line.sports_rental_product_id or line.qty <= 0:
                line.sports_rental_state = False
                continue
            returned = -sum(
                line.refund_orderline_ids.filtered(
                    lambda r: r.order_id.state in ("paid", "done", "invoiced")
                ).mapped("qty")
            )
            digits = self.env["decimal.precision"].precision_get("Product Unit")
            line.sports_rental_state = (
                "returned"
                if float_compare(returned, line.qty, precision_digits=digits) >= 0
                else "out"
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
        return [
            *super()._load_pos_data_fields(config),
            "sports_ticket_qr_tokens",
            "sports_rental_product_id",
            "sports_rental_state",
        ]

    def _sports_card_charge_scope(self):
        """Keyword arguments that scope a member card's charge for this line.

        ``sports.card.charge`` checks them against the card type's scope; the booking bridge
        returns the booked space here, so a card valid for some courts pays only for those.
        """
        self.ensure_one()
        return {}

    # ------------------------------------------------------------------ ticket refunds

    def _sports_ticket_unit_price(self):
        """What one unit of this (sold) line cost the customer, taxes included."""
        self.ensure_one()
        return self.price_subtotal_incl / self.qty if self.qty else 0.0

    def _sports_ticket_refund_price(self, ticket_type, used):
        """What refunding one ticket of this sold line gives back; ``None`` if refused."""
        self.ensure_one()
        price = self._sports_ticket_unit_price()
        if not used:
            return price
        if ticket_type.used_refund_policy != "fee":
            return None
        return max(price - ticket_type.used_refund_fee, 0.0)

    def _sports_ticket_check_refund_amount(self, used_count, ticket_type):
        """Refuse a refund line that gives back more than its tickets allow: the price
        paid for each unused ticket, the price minus the type's fee for each used one."""
        self.ensure_one()
        original = self.refunded_orderline_id
        count = int(-self.qty)
        allowed = original._sports_ticket_refund_price(ticket_type, False) * (count - used_count)
        if used_count:
            allowed += original._sports_ticket_refund_price(ticket_type, True) * used_count
        # The amount the line gives back, computed again here: the POS's own total of the
        # line is not trusted.
        taxes = self.order_id.fiscal_position_id.map_tax(self.tax_ids).compute_all(
            self.price_unit * (1 - (self.discount or 0.0) / 100.0),
            self.order_id.currency_id,
            abs(self.qty),
            product=self.product_id,
            partner=self.order_id.partner_id,
        )
        amount = max(abs(self.price_subtotal_incl), abs(taxes["total_included"]))
        currency = self.order_id.currency_id
        if currency.compare_amounts(amount, allowed) > 0:
            raise UserError(
                self.env._(
                    "%(product)s: a used ticket is refunded minus a fee of %(fee)s; refund "
                    "at most %(allowed)s for this line.",
                    product=self.product_id.display_name,
                    fee=currency.format(ticket_type.used_refund_fee),
                    allowed=currency.format(allowed),
                )
            )

    # ------------------------------------------------------------------ scanning

    @api.model
    def sports_ticket_lookup(self, token):
        """What the front desk needs to know of a scanned ticket QR ``token``.

        The token's length and signature are checked here, and the nonce ties it to its
        credential. Returns ``{"name", "type", "partner", "state", "message",
        "valid_to", "pos_order_id", "pos_order_line_id", "refund_price"}``: ``state`` is
        ``valid``, ``used``, ``revoked`` or ``expired``; ``refund_price`` is what a
        refund of this ticket gives back at the desk, ``None`` when it cannot be
        refunded there.
        """
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can look tickets up: ask a manager to add you to the "
                    "Arena user group."
                )
            )
        value = inputs.text(self.env, token, self.env._("The ticket code"), required=True)
        if len(value) != TOKEN_LENGTH:
            raise ValidationError(self.env._("This is not a ticket code: it has the wrong length."))
        company = self.env.company
        # sudo: reading the signing keys and credentials is the system's job; the caller is
        # venue staff and learns only this ticket's state.
        Gate = self.env["sports.access.gate"].sudo()
        credential, reason, _ref = Gate._resolve_parsed("qr", value, company)
        if not credential or reason:
            raise ValidationError(
                self.env._("This ticket code is not genuine or not from this company.")
            )
        ticket = credential.entitlement_id
        if ticket.kind != "ticket":
            raise ValidationError(self.env._("This code is a pass, not a ticket."))
        line = ticket.pos_order_line_id
        used = ticket._sports_is_used()
        if ticket.state == "revoked" or credential.state == "revoked":
            state = "revoked"
        elif used:
            state = "used"
        elif ticket.valid_to and ticket.valid_to <= fields.Datetime.now():
            state = "expired"
        else:
            state = "valid"
        labels = {
            "valid": self.env._("Valid, not used yet"),
            "used": self.env._("Used"),
            "revoked": self.env._("Revoked"),
            "expired": self.env._("Expired"),
        }
        refund_price = None
        if line and state in ("valid", "used", "expired"):
            refund_price = line._sports_ticket_refund_price(ticket.ticket_type_id, used)
        return {
            "name": ticket.name,
            "type": ticket.ticket_type_id.display_name or None,
            "partner": ticket.partner_id.display_name or None,
            "state": state,
            "message": labels[state],
            "valid_to": fields.Datetime.to_string(ticket.valid_to) if ticket.valid_to else None,
            "pos_order_id": line.order_id.id or None,
            "pos_order_line_id": line.id or None,
            "refund_price": refund_price,
        }
