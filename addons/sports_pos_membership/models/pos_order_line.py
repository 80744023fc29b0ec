from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    sports_card_holder_name = fields.Char(
        string="Card Holder",
        help="On a line selling a member card: the name of its holder, asked by the POS.",
    )
    sports_card_holder_phone = fields.Char(
        string="Card Holder Phone",
        help="On a line selling a member card: the holder's mobile phone number (+86), "
        "checked by the POS and again by the server.",
    )
    sports_card_for_line_uuid = fields.Char(
        string="Deposit of Line",
        help="On a card deposit line: the uuid of the line selling the card it is for.",
    )
    sports_card_number = fields.Char(
        string="Member Card Number",
        help="On a top-up line: the number of the stored-value card it tops up.",
    )
    sports_issued_card_ids = fields.One2many(
        comodel_name="sports.card",
        inverse_name="pos_order_line_id",
        string="Issued Cards",
        help="The member card this line sold, issued when the server accepted the order.",
    )
    sports_card_receipt = fields.Json(
        compute="_compute_sports_card_receipt",
        string="Member Card Receipt",
        help="What the receipt prints for this line: the card sold or topped up, its "
        "number, whether its number is printed as a QR code, and its balance.",
    )

    @api.depends(
        "sports_issued_card_ids.name",
        "sports_issued_card_ids.balance_total",
        "sports_card_number",
    )
    def _compute_sports_card_receipt(self):
        numbers = [number for number in self.mapped("sports_card_number") if number]
        # sudo: the cashier prints the cards of the lines they sold; the receipt shows only
        # the number, the kind and the balance the customer owns.
        topped_up = (
            self.env["sports.card"]
            .sudo()
            .search_fetch(
                [("name", "in", numbers), ("company_id", "in", self.order_id.company_id.ids)],
                ["name", "kind", "balance_total", "company_id"],
            )
            if numbers
            else self.env["sports.card"]
        )
        by_number = {(card.company_id, card.name): card for card in topped_up}
        for line in self:
            cards = line.sudo().sports_issued_card_ids
            if not cards and line.sports_card_number:
                cards = by_number.get((line.order_id.company_id, line.sports_card_number))
            line.sports_card_receipt = [
                {
                    "number": card.name,
                    "qr": card.kind == "stored_value",
                    "balance": card.balance_total if card.kind == "stored_value" else False,
                }
                for card in (cards or [])
            ]

    @api.model
    def _load_pos_data_fields(self, config):
        return [
            *super()._load_pos_data_fields(config),
            "sports_card_holder_name",
            "sports_card_holder_phone",
            "sports_card_for_line_uuid",
            "sports_card_number",
            "sports_card_receipt",
        ]

    def _sports_card_role(self):
        return self.product_id.product_tmpl_id.sports_card_role

    def _prepare_base_line_for_taxes_computation(self):
        """Top-ups and card deposits are not revenue: the POS books them on the company's
        top-up clearing account, from which the card ledger books them on the card
        liability and the deposit liability (``pos.order._sports_card_*``)."""
        values = super()._prepare_base_line_for_taxes_computation()
        if self._sports_card_role() in ("topup", "deposit"):
            company = self.order_id.company_id
            values["account_id"] = company._sports_pos_clearing_account()
        return values
