import logging

from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sports_venue.tools import normalize_cn_phone

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._sports_card_issue()
        self._sports_card_topup()
        self._sports_card_renew()
        return res

    # ------------------------------------------------------------------ portal orders

    @api.model
    def _sports_card_check_buyer(self, partner):
        """Refuse a buyer who could not hold the card: a card needs its holder's phone."""
        try:
            phone = normalize_cn_phone(self.env, partner.phone)
        except ValidationError:
            phone = False
        if not phone:
            raise UserError(
                _(
                    "A member card is tied to its holder's mobile phone number. Add yours "
                    "to your account details, then buy the card."
                )
            )

    @api.model
    def _sports_card_buy_order(self, card_type, partner):
        """A quotation of ``partner`` for one card of ``card_type``, sold online, and its
        deposit: paid online, it issues the card (``_sports_card_issue``), which then
        holds the deposit. Prices come from the type, never from the browser."""
        card_type.ensure_one()
        card_type._check_sold_online()
        self._sports_card_check_buyer(partner)
        # sudo: portal users may not read products; the order lines only name them.
        product = card_type.product_id.sudo()
        lines = [
            {
                "product_id": product.id,
                "name": _("Member card: %(type)s", type=card_type.name),
                "product_uom_qty": 1,
                "price_unit": card_type.price,
            }
        ]
        if card_type.deposit:
            deposit = self.env.ref("sports_membership.product_card_deposit").sudo()
            lines.append(
                {
                    "product_id": deposit.id,
                    "name": _("Deposit of member card: %(type)s", type=card_type.name),
                    "product_uom_qty": 1,
                    "price_unit": card_type.deposit,
                    "sports_deposit_type_id": card_type.id,
                }
            )
        order = self._arena_prepaid_order(partner, card_type.company_id, card_type.name, lines)
        order._sports_card_confirm_if_free()
        return order

    @api.model
    def _sports_card_renew_order(self, card):
        """A quotation of the holder of ``card`` for one more term of its type, without
        deposit: paid online, it renews the card (``_sports_card_renew``)."""
        card.ensure_one()
        card._check_renewable()
        card.type_id._check_sold_online()
        card_type = card.type_id
        # sudo: portal users may not read products; the order line only names it.
        product = card_type.product_id.sudo()
        order = self._arena_prepaid_order(
            card.partner_id,
            card.company_id,
            card.name,
            [
                {
                    "product_id": product.id,
                    "name": _(
                        "Renewal of member card %(card)s: %(type)s",
                        card=card.name,
                        type=card_type.name,
                    ),
                    "product_uom_qty": 1,
                    "price_unit": card_type.price,
                    "sports_renewed_card_id": card.id,
                }
            ],
        )
        order._sports_card_confirm_if_free()
        return order

    def _sports_card_confirm_if_free(self):
        """An order of a free card type has nothing to pay: confirm it at once."""
        for order in self:
            if order.currency_id.is_zero(order.amount_total):
                order.action_confirm()

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
            lambda line: (
                line.order_id.state == "sale"
                and not line.sports_card_id
                and not line.sports_renewed_card_id
            )
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
                    cards = (
                        self.env["sports.card"]
                        .sudo()
                        .with_company(line.company_id)
                        .create(
                            [
                                {
                                    "type_id": card_type.id,
                                    "partner_id": line.order_id.partner_id.id,
                                    "sale_line_id": line.id,
                                }
                            ]
                            * missing
                        )
                    )
                    line._sports_card_take_deposits(cards)
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

    def _sports_card_renew(self):
        """Renew the count and period cards of the confirmed orders' renewal lines.

        Each line renews under the key ``sale-order-line-<id>``: a second confirmation (a
        payment notified twice, an order confirmed again) renews nothing more. A card that
        can no longer be renewed (reported lost or refunded since the order was made)
        leaves the order confirmed and asks on it for a refund.
        """
        # sudo: the order is confirmed by its payment or by staff, who may not operate
        # cards; the card on the line was checked when the order was made, and renewing
        # it is the effect of the payment.
        lines = self.sudo().order_line.filtered(
            lambda line: line.sports_renewed_card_id and line.order_id.state == "sale"
        )
        for line in lines:
            card = line.sports_renewed_card_id
            try:
                with self.env.cr.savepoint():
                    card._renew(
                        f"sale-order-line-{line.id}", ref=line.order_id.name, source=line.order_id
                    )
            except UserError as error:
                _logger.warning(
                    "Renewal of card %s by order %s failed: %s",
                    card.name,
                    line.order_id.name,
                    error.args[0],
                )
                line.order_id.message_post(
                    body=_(
                        "Card %(card)s could not be renewed: %(error)s "
                        "Renew it by hand or refund the customer.",
                        card=card.name,
                        error=error.args[0],
                    )
                )
