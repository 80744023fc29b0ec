import logging

from odoo import _, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._sports_card_issue()
        self._sports_card_topup()
        return res

    def _sports_card_issue(self):
        """Issue the member cards that the confirmed orders sold, one per unit.

        A card type's product sells the card: the order's customer holds it from the day
        of confirmation. Cards already issued for a line are counted, so confirming again
        issues nothing twice. A customer the card cannot be issued to (no valid phone)
        leaves the order confirmed and asks on it for the card to be issued by hand.
        """
        # sudo: the order is confirmed by its payment or by staff who may not operate
        # cards; issuing the card the customer paid for is the effect of that payment.
        lines = self.sudo().order_line.filtered(
            lambda line: line.order_id.state == "sale" and not line.sports_card_id
        )
        types = (
            self.env["sports.card.type"].sudo().search([("product_id", "in", lines.product_id.ids)])
        )
        type_by_product = {card_type.product_id: card_type for card_type in types}
        for line in lines.filtered(lambda line: line.product_id in type_by_product):
            card_type = type_by_product[line.product_id]
            missing = int(line.product_uom_qty) - len(line.sports_issued_card_ids)
            if missing <= 0:
                continue
            try:
                with self.env.cr.savepoint():
                    self.env["sports.card"].sudo().with_company(line.company_id).create(
                        [
                            {
                                "type_id": card_type.id,
                                "partner_id": line.order_id.partner_id.id,
                                "sale_line_id": line.id,
                            }
                        ]
                        * missing
                    )
            except (UserError, ValidationError) as error:
                _logger.warning(
                    "Order %s could not issue card type %s: %s",
                    line.order_id.name,
                    card_type.name,
                    error.args[0],
                )
                line.order_id.message_post(
                    body=_(
                        "The %(type)s card sold on this order could not be issued: %(error)s "
                        "Issue it by hand or refund the customer.",
                        type=card_type.name,
                        error=error.args[0],
                    )
                )

    def _sports_card_topup(self):
        """Credit the member cards of the confirmed orders' top-up lines.

        Each line tops up under the key ``sale-order-line-<id>``: a second confirmation
        (a payment notified twice, an order confirmed again) returns the first move and
        credits nothing. A card that can no longer be topped up (frozen or refunded since
        the order was made) leaves the order confirmed and asks on it for a refund.
        """
        # sudo: the order is confirmed by its payment or by staff, who may not operate
        # cards; the card on the line was checked when the order was made, and crediting
        # it is the effect of the payment.
        lines = self.sudo().order_line.filtered(
            lambda line: line.sports_card_id and line.order_id.state == "sale"
        )
        for line in lines:
            card = line.sports_card_id
            try:
                with self.env.cr.savepoint():
                    card.topup(
                        line.price_total,
                        f"sale-order-line-{line.id}",
                        ref=line.order_id.name,
                        # The order's payment booked the cash against the receivable.
                        counterpart_account=line.order_id.partner_id.with_company(
                            line.company_id
                        ).property_account_receivable_id,
                    )
            except UserError as error:
                _logger.warning(
                    "Top-up of card %s by order %s failed: %s",
                    card.name,
                    line.order_id.name,
                    error.args[0],
                )
                line.order_id.message_post(
                    body=_(
                        "Card %(card)s could not be topped up with %(amount)s: %(error)s "
                        "Credit it by hand or refund the customer.",
                        card=card.name,
                        amount=line.price_total,
                        error=error.args[0],
                    )
                )
