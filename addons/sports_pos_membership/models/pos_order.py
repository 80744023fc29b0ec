from odoo import models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        self.ensure_one()
        # Debit (or credit back) the member cards before the order is marked paid: a
        # refusal then rolls the whole order back and the desk shows the message. Each
        # charge is keyed by its payment, so a replayed or parallel sync debits once.
        if not draft and self.state != "cancel":
            self._sports_card_settle()
        return super()._process_saved_order(draft)

    # ------------------------------------------------------------------ card payments

    def _sports_card_payments(self):
        return self.payment_ids.filtered(lambda payment: payment._sports_is_card_payment())

    def _sports_card_settle(self):
        """Charge the member card of each card payment, or credit it back for a refund."""
        payments = self._sports_card_payments()
        if not payments:
            return
        self.env["sports.card"]._sports_pos_check_staff()
        if self.to_invoice:
            # An invoice paid through a "customer account" method stays open on the
            # customer's receivable, while the card paid it: the clearing would never
            # balance.
            raise UserError(
                self.env._(
                    "An order paid by member card cannot be invoiced at the desk: untick "
                    "Invoice, or take another payment method."
                )
            )
        for payment in payments:
            card = self._sports_card_checked(payment)
            currency = self.currency_id
            if currency.is_zero(payment.amount):
                continue
            if currency.compare_amounts(payment.amount, 0) > 0:
                self._sports_card_charge(payment, card)
            else:
                self._sports_card_credit(payment, card)
            # The new balance, printed on the receipt under the payment.
            card.invalidate_recordset(["balance_total", "balance_paid", "balance_bonus"])
            payment.ticket = self.env._(
                "Member card %(card)s\nBalance %(balance).2f",
                card=card.name,
                balance=card.balance_total,
            )

    def _sports_card_checked(self, payment):
        """The card of ``payment``, which must be one of the order's company."""
        card = payment.sports_card_id
        if not card and payment.amount < 0:
            card = self._sports_card_refunded_cards()
            if len(card) != 1:
                raise UserError(
                    self.env._(
                        "Scan the member card to credit: the refunded order was not paid "
                        "by exactly one member card."
                    )
                )
        if not card and payment.sports_card_ref:
            raise UserError(self.env._("This member card does not exist. Scan it again."))
        if not card:
            raise UserError(
                self.env._(
                    "Identify the member card of the %(method)s payment first.",
                    method=payment.payment_method_id.name,
                )
            )
        # sudo: the company of a card the cashier may not read (another company's) is read
        # only to say so clearly.
        company = card.sudo().company_id
        if company != self.company_id:
            raise UserError(
                self.env._(
                    "Card %(card)s belongs to %(company)s: it cannot pay at %(desk)s.",
                    card=card.sudo().name,
                    company=company.name,
                    desk=self.config_id.name,
                )
            )
        return card

    def _sports_card_clearing_account(self, payment):
        account = payment.payment_method_id.receivable_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Payment method %(method)s has no intermediary account: set its member "
                    "card payments clearing account.",
                    method=payment.payment_method_id.name,
                )
            )
        return account

    def _sports_card_shares(self, payment):
        """``(key, amount, scope)`` of each charge of ``payment``.

        Lines whose ``_sports_card_charge_scope`` names a space (bookings) are charged
        their share of the payment separately, so that a card valid for some courts pays
        only for those; the rest of the payment is one charge at the desk's venue.
        """
        currency = self.currency_id
        venue = self.config_id.sports_venue_id
        scoped = [
            (line, line._sports_card_charge_scope())
            for line in self.lines
            if currency.compare_amounts(line.price_subtotal_incl, 0) > 0
        ]
        scoped = [(line, scope) for line, scope in scoped if scope]
        total = self.amount_total
        shares, rest = [], payment.amount
        if scoped and currency.compare_amounts(total, 0) > 0:
            for line, scope in scoped:
                amount = currency.round(payment.amount * line.price_subtotal_incl / total)
                amount = min(amount, rest)
                if currency.compare_amounts(amount, 0) > 0:
                    shares.append((payment._sports_charge_key(line), amount, scope))
                    rest = currency.round(rest - amount)
        if currency.compare_amounts(rest, 0) > 0:
            shares.append((payment._sports_charge_key(), rest, {"venue": venue or None}))
        return shares

    def _sports_card_charge(self, payment, card):
        account = self._sports_card_clearing_account(payment)
        for key, amount, scope in self._sports_card_shares(payment):
            card.charge(
                amount,
                key,
                ref=self.name,
                source=self,
                counterpart_account=account,
                **scope,
            )

    def _sports_card_refunded_orders(self):
        return self.lines.refunded_orderline_id.order_id

    def _sports_card_refunded_cards(self):
        originals = self._sports_card_refunded_orders()
        return originals._sports_card_payments().sports_card_id

    def _sports_card_spends(self, card=None):
        """The spends these orders' card payments made (on ``card`` only, if given)."""
        keys = []
        for order in self:
            payments = order._sports_card_payments().filtered(
                lambda payment: payment.amount > 0 and (not card or payment.sports_card_id == card)
            )
            keys += [payment._sports_charge_key() for payment in payments]
            keys += [
                payment._sports_charge_key(line) for payment in payments for line in order.lines
            ]
        if not keys:
            return self.env["sports.card.move"].sudo()
        # sudo: the keys are unique per company and were made by these orders' payments.
        return (
            self.env["sports.card.move"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("kind", "=", "spend"),
                    ("idempotency_key", "in", keys),
                ],
                order="id",
            )
        )

    def _sports_card_credit(self, payment, card):
        """Credit ``card`` back with the refund ``payment``, spend by spend of the
        refunded orders' card payments on that card."""
        currency = self.currency_id
        originals = self._sports_card_refunded_orders()
        spends = originals._sports_card_spends(card)
        if not spends:
            raise UserError(
                self.env._(
                    "Card %(card)s did not pay the refunded order: refund with the way it "
                    "was paid.",
                    card=card.name,
                )
            )
        # sudo: the refunds of these spends, whoever made them (refund_spend checks again
        # under the card lock).
        refunds = (
            self.env["sports.card.move"]
            .sudo()
            .search(
                [
                    ("kind", "=", "spend_refund"),
                    ("res_model", "=", "sports.card.move"),
                    ("res_id", "in", spends.ids),
                ]
            )
        )
        to_credit = -payment.amount
        for spend in spends:
            key = payment._sports_refund_key(spend)
            done = refunds.filtered(lambda move, key=key: move.idempotency_key == key)
            earlier = refunds.filtered(lambda move, spend=spend: move.res_id == spend.id) - done
            left = currency.round(-spend.amount_total - sum(earlier.mapped("amount_total")))
            amount = min(left, to_credit)
            if currency.compare_amounts(amount, 0) <= 0:
                continue
            card.refund_spend(spend.id, amount, key, ref=self.name)
            to_credit = currency.round(to_credit - amount)
            if currency.is_zero(to_credit):
                break
        if currency.compare_amounts(to_credit, 0) > 0:
            raise UserError(
                self.env._(
                    "Card %(card)s can be credited at most %(left).2f for the refunded order.",
                    card=card.name,
                    left=currency.round(-payment.amount - to_credit),
                )
            )
