import logging

from odoo import _, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._sports_card_topup()
        return res

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
                    card.action_topup(
                        line.price_total,
                        payment_ref=line.order_id.name,
                        idempotency_key=f"sale-order-line-{line.id}",
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
