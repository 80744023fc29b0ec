from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    sports_card_id = fields.Many2one(
        comodel_name="sports.card",
        string="Member Card",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        readonly=True,
        help="The stored-value card this line tops up when the order is confirmed.",
    )
    sports_issued_card_ids = fields.One2many(
        comodel_name="sports.card",
        inverse_name="sale_line_id",
        string="Issued Cards",
        help="The member cards this line sold, issued when the order was confirmed.",
    )
    sports_renewed_card_id = fields.Many2one(
        comodel_name="sports.card",
        string="Renewed Card",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        readonly=True,
        help="The count or period card this line renews when the order is confirmed.",
    )
    sports_deposit_type_id = fields.Many2one(
        comodel_name="sports.card.type",
        string="Deposit of Card Type",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        readonly=True,
        help="The card type whose deposit this line collects: the cards of that type the "
        "order issues hold it.",
    )

    def _sports_card_take_deposits(self, cards):
        """Hold on ``cards``, just issued by this line, the deposit that their order
        collected for their type, each once (the key names the deposit line and the card).

        The order's payment booked the cash, so each deposit debits the customer's
        receivable, which that payment credited. Call in superuser mode.
        """
        self.ensure_one()
        if not cards:
            return
        card_type = cards.type_id
        deposit_line = self.order_id.order_line.filtered(
            lambda line: line.sports_deposit_type_id == card_type
        )[:1]
        if not deposit_line:
            return
        prefix = f"sale-order-line-{deposit_line.id}-card-"
        taken = self.env["sports.card.move"].search_count(
            [
                ("company_id", "=", cards.company_id.id),
                # The prefix holds no LIKE wildcard: digits and hyphens only.
                ("idempotency_key", "=like", f"{prefix}%"),
            ]
        )
        left = int(deposit_line.product_uom_qty) - taken
        receivable = self.order_id.partner_id.with_company(
            self.company_id
        ).property_account_receivable_id
        for card in cards[: max(left, 0)]:
            card._lock()
            card._ledger(
                "deposit_in",
                deposit=deposit_line.price_unit,
                key=f"{prefix}{card.id}",
                ref=self.order_id.name,
                source=self.order_id,
                counterpart_account=receivable,
            )
