"""The keyed refund of a card spend, for sales refunded at the POS."""

from odoo import _, models
from odoo.exceptions import UserError


class SportsCard(models.Model):
    _inherit = "sports.card"  # pylint: disable=consider-merging-classes-inherited

    def refund_spend(self, spend, amount, idempotency_key, ref=None):
        """Credit back ``amount`` of ``spend`` (a spend move of this card, record or id).

        Paid money and bonus go back in the proportion of what is left of the spend, so
        refunding all of it, at once or in parts, gives back exactly what it took. At most
        what the spend took, net of its earlier refunds. The journal entry mirrors the
        spend's: against its clearing account, or against the revenue it recognised. A
        retry with the same ``idempotency_key`` returns the first refund.
        """
        card = self._check_operable()
        amount = card._check_amount(amount)
        key, ref = card._check_key(idempotency_key), card._check_ref(ref)
        spend = card._check_record("sports.card.move", spend, _("The spend"), required=True)
        if spend.card_id != card or spend.kind != "spend":
            raise UserError(
                _("Only a spend of card %(card)s can be refunded on it.", card=card.name)
            )
        card._lock()
        existing = card._existing_move(key, "spend_refund", source=spend, amount_total=amount)
        if existing:
            return existing
        if card.state in ("lost", "refunded", "expired"):
            raise UserError(
                _(
                    "Card %(card)s can no longer be credited: it is %(state)s.",
                    card=card.name,
                    state=card.state,
                )
            )
        # Refunds of this spend, whoever made them, under the card lock.
        earlier = (
            self.env["sports.card.move"]
            .sudo()
            .search(
                [
                    ("card_id", "=", card.id),
                    ("kind", "=", "spend_refund"),
                    ("res_model", "=", spend._name),
                    ("res_id", "=", spend.id),
                ]
            )
        )
        currency = card.currency_id
        left_paid = currency.round(-spend.amount_paid - sum(earlier.mapped("amount_paid")))
        left_bonus = currency.round(-spend.amount_bonus - sum(earlier.mapped("amount_bonus")))
        left = currency.round(left_paid + left_bonus)
        if currency.compare_amounts(amount, left) > 0:
            raise UserError(
                _(
                    "Only %(left).2f of this spend of %(spent).2f is left to refund.",
                    left=left,
                    spent=-spend.amount_total,
                )
            )
        if currency.compare_amounts(amount, left) == 0:
            paid = left_paid
        else:
            paid = currency.round(amount * left_paid / left)
            paid = min(left_paid, max(paid, currency.round(amount - left_bonus), 0.0))
        revenue_account = None
        if not spend.counterpart_account_id:
            # The revenue account the spend recognised (the caller may have chosen one);
            # a spend recorded before it was kept on the move names it in its entry.
            liability = card.company_id.card_liability_account_id
            spend_entry = spend.sudo().account_move_id
            revenue_account = (
                spend.sudo().revenue_account_id
                or (spend_entry.line_ids.account_id - liability)[:1]
                or None
            )
        return card._ledger(
            "spend_refund",
            paid=paid,
            bonus=amount - paid,
            key=key,
            ref=ref,
            source=spend,
            revenue_account=revenue_account and revenue_account.sudo(False),
            counterpart_account=spend.counterpart_account_id or None,
        )
