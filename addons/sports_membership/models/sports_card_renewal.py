"""Renewal (续费) of count and period cards, sold on the portal and paid online."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, models
from odoo.exceptions import UserError


class SportsCard(models.Model):
    # sports.card is split by concern (fields/CRUD, checks, operations, renewal, reports).
    _inherit = "sports.card"  # pylint: disable=consider-merging-classes-inherited

    def _check_renewable(self):
        """Refuse, with what to do instead, a card that cannot be renewed."""
        self.ensure_one()
        if self.kind not in ("count", "period"):
            raise UserError(
                _(
                    "Only count and period cards can be renewed; top up card %(card)s instead.",
                    card=self.name,
                )
            )
        if self.state == "lost":
            raise UserError(
                _(
                    "Card %(card)s was reported lost and cannot be renewed. Renew its replacement.",
                    card=self.name,
                )
            )
        if self.state == "refunded":
            raise UserError(_("Card %(card)s was refunded and cannot be renewed.", card=self.name))

    def _renewed_until(self):
        """The last valid day after one more term of the card's type: the term starts the
        day after the current end, or today if the card has already ended."""
        self.ensure_one()
        card_type = self.type_id
        today = self._today()
        start = max(today, self.valid_to + timedelta(days=1)) if self.valid_to else today
        if self.kind == "period":
            return start + relativedelta(months=card_type.validity_months, days=-1)
        if card_type.validity_days and self.valid_to:
            return start + relativedelta(days=card_type.validity_days - 1)
        return self.valid_to

    def _renew(self, idempotency_key, ref=None, source=None):
        """One more term of the card's type: a count card gets the type's entries, and
        both kinds are extended from their end (``_renewed_until``); an expired card is
        active again. A second call with ``idempotency_key`` returns the first move.

        Called by the confirmation of an order that the holder paid: the caller checked
        the card when the order was made, in superuser mode.
        """
        card = self._check_operable()
        key = card._check_key(idempotency_key)
        uses = card.type_id.uses if card.kind == "count" else 0
        card._lock()
        existing = card._existing_move(key, "renewal", uses=uses)
        if existing:
            return existing
        card._check_renewable()
        valid_to = card._renewed_until()
        move = card._ledger(
            "renewal",
            uses=uses,
            key=key,
            ref=ref,
            source=source,
            note=_("Valid until %(date)s.", date=valid_to) if valid_to else None,
        )
        vals = {"valid_to": valid_to}
        if card.state == "expired":
            vals["state"] = "active"
        card._ledger_write(vals)
        return move
