"""The public operations of member cards and the ledger core under them.

Every operation is a method of one card record (``freeze`` and ``unfreeze`` of any
number): it checks its arguments and that the caller may write the card
(``sports_card_checks.py``), locks the card row, looks up its idempotency key (refusing
it when reused with other arguments), checks the card and appends moves with
``_ledger``. See readme/USAGE.md.
"""

import uuid

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import clean_context

from odoo.addons.sports_venue.tools import inputs

from .sports_card_checks import MANAGER_GROUP, MAX_ADJUST_USES
from .sports_card_move import BATCHED_KINDS


class SportsCard(models.Model):
    _inherit = "sports.card"

    # ------------------------------------------------------------------ ledger core

    def _ledger_write(self, vals):
        """Write balances, states and what goes with them. Call under ``_lock``."""
        # sudo: nobody has the right to write balances and states (see PROTECTED_FIELDS);
        # the operations that call this checked the caller's right on the card first.
        cards = self.sudo()
        if not set(vals) & cards._track_get_fields():
            # Balances are not tracked (the ledger is their history): skip the chatter's
            # snapshot of the tracked fields, taken under the card lock on every spend.
            cards = cards.with_context(tracking_disable=True)
        cards.write(vals)

    def _ledger(
        self,
        kind,
        paid=0.0,
        bonus=0.0,
        uses=0,
        deposit=0.0,
        fee=0.0,
        key=None,
        ref=None,
        source=None,
        note=None,
        revenue_account=None,
        counterpart_account=None,
    ):
        """Append one move and update the stored balances with it. Call under ``_lock``.

        ``counterpart_account`` replaces the cash account of a top-up: an order paid online
        already booked the cash through its payment, so the top-up then debits the
        customer's receivable, which that payment credited.
        """
        self.ensure_one()
        for record in (source, revenue_account, counterpart_account):
            if record is not None and not isinstance(record, models.BaseModel):
                raise UserError(_("Give the source and accounts of a card operation as records."))
        rounding = self.currency_id.round
        paid, bonus, deposit = rounding(paid), rounding(bonus), rounding(deposit)
        new = {
            "balance_paid": rounding(self.balance_paid + paid),
            "balance_bonus": rounding(self.balance_bonus + bonus),
            "remaining_uses": self.remaining_uses + uses,
            "deposit_balance": rounding(self.deposit_balance + deposit),
        }
        if any(value < 0 for value in new.values()):
            raise UserError(
                _(
                    "Card %(card)s does not hold enough for this operation: "
                    "%(paid).2f paid, %(bonus).2f bonus, %(uses)s entries left.",
                    card=self.name,
                    paid=self.balance_paid,
                    bonus=self.balance_bonus,
                    uses=self.remaining_uses,
                )
            )
        vals = {
            "card_id": self.id,
            "kind": kind,
            "amount_paid": paid,
            "amount_bonus": bonus,
            "uses": uses,
            "amount_deposit": deposit,
            "fee_amount": rounding(fee),
            "idempotency_key": key or f"{kind}-{uuid.uuid4()}",
            "ref": ref,
            "note": note,
        }
        if source:
            vals.update(res_model=source._name, res_id=source.id)
        if counterpart_account:
            vals["counterpart_account_id"] = counterpart_account.id
        if revenue_account:
            vals["revenue_account_id"] = revenue_account.id
        # A spend writes only its ledger row: the batch posts its journal entry
        # (sports_card_move_batch.py), so the card lock is held for two writes, not for an
        # account.move with its lines, sequence and checks.
        Move = self.env["sports.card.move"]
        if kind in BATCHED_KINDS and Move._money_moved(
            kind, paid, bonus, deposit, counterpart_account
        ):
            vals["accounting_pending"] = True
        # sudo: users have no create right on the ledger; this is the one method that
        # appends to it, under the card lock. The move still records the real user.
        # Context defaults meant for the caller's records must not reach the ledger.
        Move = Move.with_context(clean_context(self.env.context))
        move = Move.sudo().create(vals)
        # Only what the move changed: a spend moves the balances, not the entries left or
        # the deposit, and what listens to card writes (the gate pass) does less.
        self._ledger_write(
            {
                name: value
                for name, value in new.items()
                if name not in ("remaining_uses", "deposit_balance") or value != self[name]
            }
        )
        move._post_accounting(
            revenue_account=revenue_account, counterpart_account=counterpart_account
        )
        return move.sudo(False)

    # ------------------------------------------------------------------ operations
    #
    # Each operation checks its arguments (``inputs``: bad input is a ValidationError,
    # HTTP 422, with nothing written), then the caller's right to write the card, then
    # locks the card (``_lock``) before it reads balances, moves or keys.

    def topup(self, amount, idempotency_key, ref=None, counterpart_account=None):
        """Add paid money and the bonus of the type's tiers. Returns the top-up move.

        ``amount`` is at most the company's *Largest Card Top-up*; ``counterpart_account``
        (a record or an id) replaces the cash account.
        """
        card = self._check_operable()
        amount = card._check_amount(
            amount, maximum=card.company_id.card_topup_max or inputs.MAX_AMOUNT
        )
        key, ref = card._check_key(idempotency_key), card._check_ref(ref)
        counterpart_account = card._check_account(counterpart_account, _("The counterpart account"))
        card._lock()
        existing = card._existing_move(key, "topup", amount_paid=amount)
        if existing:
            return existing
        if card.kind != "stored_value":
            raise UserError(_("Only stored-value cards can be topped up."))
        if card.state == "refunded":
            raise UserError(
                _("Card %(card)s was refunded and cannot be topped up.", card=card.name)
            )
        card._check_usable()
        move = card._ledger(
            "topup",
            paid=amount,
            key=key,
            ref=ref,
            counterpart_account=counterpart_account,
        )
        bonus = card.type_id._bonus_for(amount)
        if bonus:
            card._ledger("bonus", bonus=bonus, key=f"{key}:bonus", ref=ref)
        return move

    def use(self, space, idempotency_key):
        """Record one entry with a count or period card on ``space`` (a record or an id)."""
        card = self._check_operable()
        space = card._check_record("sports.space", space, _("The space"), required=True)
        key = card._check_key(idempotency_key)
        card._lock()
        existing = card._existing_move(key, "use", source=space)
        if existing:
            return existing
        card._check_usable()
        card_type = card.type_id
        if card.kind not in ("count", "period"):
            raise UserError(_("Card %(card)s is not an entry card.", card=card.name))
        card._check_scope(space)
        if card_type.daily_cap:
            used = self.env["sports.card.move"].search_count(
                [
                    ("card_id", "=", card.id),
                    ("kind", "=", "use"),
                    ("date", "=", self._today()),
                ]
            )
            if used >= card_type.daily_cap:
                raise UserError(
                    _(
                        "Card %(card)s was already used %(count)s times today, its daily limit.",
                        card=card.name,
                        count=used,
                    )
                )
        if card.kind == "count" and card.remaining_uses < 1:
            raise UserError(_("Card %(card)s has no entries left.", card=card.name))
        return card._ledger(
            "use",
            uses=-1 if card.kind == "count" else 0,
            key=key,
            ref=space.display_name,
            source=space,
        )

    def freeze(self):
        """Freeze active cards; the form's Freeze button."""
        for card in self._check_operable_all()._lock():
            if card.state != "active":
                raise UserError(_("Only an active card can be frozen: %(card)s.", card=card.name))
            card._ledger("freeze", ref=card.name)
            card._ledger_write({"state": "frozen", "frozen_since": card._today()})

    def unfreeze(self):
        """Unfreeze frozen cards; count and period cards get the frozen days back."""
        cards = self._check_operable_all()
        today = self._today()
        for card in cards._lock():
            if card.state != "frozen":
                raise UserError(_("Card %(card)s is not frozen.", card=card.name))
            days = (today - card.frozen_since).days if card.frozen_since else 0
            vals = {"state": "active", "frozen_since": False}
            if card.valid_to and card.kind in ("period", "count"):
                vals["valid_to"] = card.valid_to + relativedelta(days=days)
            card._ledger(
                "unfreeze",
                ref=card.name,
                note=_("Frozen %(days)s days.", days=days),
            )
            card._ledger_write(vals)

    def replace(self, new_uid):
        """Replace a lost card: a new card with ``new_uid`` carries the balances."""
        card = self._check_operable()
        new_uid = inputs.text(
            self.env, new_uid, _("The UID of the new card"), required=True, max_length=64
        )
        card._lock()
        if card.state not in ("active", "frozen"):
            raise UserError(
                _("Only an active or frozen card can be replaced: %(card)s.", card=card.name)
            )
        new = card.with_context(arena_card_no_issue=True).create(
            {
                "type_id": card.type_id.id,
                "partner_id": card.partner_id.id,
                "partner_ids": [fields.Command.set(card.partner_ids.ids)],
                "uid": new_uid,
                "valid_from": card.valid_from,
                "valid_to": card.valid_to,
            }
        )
        carried = {
            "paid": card.balance_paid,
            "bonus": card.balance_bonus,
            "uses": card.remaining_uses,
            "deposit": card.deposit_balance,
        }
        card._ledger("replace", **{k: -v for k, v in carried.items()}, ref=new.name, source=new)
        new._ledger("replace", **carried, ref=card.name, source=card)
        card._ledger_write({"state": "lost", "replaced_by_id": new.id})
        if card.frozen_since:
            new._ledger_write({"state": "frozen", "frozen_since": card.frozen_since})
        return new.with_env(self.env)

    def transfer(self, partner):
        """Hand the card to ``partner`` (a record or an id); family members are cleared."""
        card = self._check_operable()
        partner = card._check_record(
            "res.partner", partner, _("Who receives the card"), required=True
        )
        card._lock()
        if not card.type_id.transferable:
            raise UserError(
                _("Cards of type %(type)s cannot be transferred.", type=card.type_id.name)
            )
        if card.state != "active":
            raise UserError(_("Only an active card can be transferred: %(card)s.", card=card.name))
        if partner == card.partner_id:
            raise UserError(_("%(partner)s already holds this card.", partner=partner.name))
        card._ledger(
            "transfer",
            ref=card.name,
            note=_("From %(old)s to %(new)s.", old=card.partner_id.name, new=partner.name),
        )
        card.write({"partner_id": partner.id, "partner_ids": [fields.Command.clear()]})
        return card

    def refund(self, idempotency_key=None):
        """Pay back the paid balance minus the type's fee and the deposit; forfeit bonus.

        A call repeated with its ``idempotency_key`` returns the first refund. Without a
        key, the key is ``refund-<card id>`` and a second refund is refused: a card is
        refunded once.
        """
        card = self._check_operable()
        key = card._check_key(idempotency_key, required=False)
        card._lock()
        if key:
            existing = card._existing_move(key, "refund")
            if existing:
                return existing
        if card.state == "refunded":
            raise UserError(_("Card %(card)s was already refunded.", card=card.name))
        if card.state == "lost":
            raise UserError(
                _("Card %(card)s was replaced: refund its replacement.", card=card.name)
            )
        fee = card.currency_id.round(card.balance_paid * card.type_id.refund_fee_percent / 100)
        key = key or f"refund-{card.id}"
        move = card._ledger(
            "refund",
            paid=-card.balance_paid,
            bonus=-card.balance_bonus,
            uses=-card.remaining_uses,
            fee=fee,
            key=key,
            ref=card.name,
        )
        if card.deposit_balance:
            card._ledger(
                "deposit_out", deposit=-card.deposit_balance, key=f"{key}:deposit", ref=card.name
            )
        card._ledger_write({"state": "refunded"})
        return move

    def adjust(self, reason, idempotency_key, paid=0.0, bonus=0.0, uses=0):
        """A manager's correction of the balances, posted against card revenue."""
        card = self._check_operable()
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only an Arena manager can adjust card balances."))
        reason = inputs.text(
            self.env, reason, _("Why the balance is adjusted"), required=True, max_length=256
        )
        key = card._check_key(idempotency_key)
        limit = inputs.MAX_AMOUNT
        paid = card.currency_id.round(
            inputs.amount(self.env, paid, _("The paid change"), minimum=-limit, maximum=limit)
        )
        bonus = card.currency_id.round(
            inputs.amount(self.env, bonus, _("The bonus change"), minimum=-limit, maximum=limit)
        )
        if isinstance(uses, bool) or not isinstance(uses, int) or abs(uses) > MAX_ADJUST_USES:
            raise ValidationError(
                _(
                    "The change of entries must be a whole number between -%(max)s and %(max)s.",
                    max=MAX_ADJUST_USES,
                )
            )
        if not (paid or bonus or uses):
            raise ValidationError(_("An adjustment must change something."))
        card._lock()
        existing = card._existing_move(
            key, "adjustment", amount_paid=paid, amount_bonus=bonus, uses=uses
        )
        if existing:
            return existing
        return card._ledger("adjustment", paid=paid, bonus=bonus, uses=uses, key=key, note=reason)

    @api.model
    def _cron_expire(self):
        today = self._today()
        cards = self.search([("state", "in", ("active", "frozen")), ("valid_to", "<", today)])
        for card in cards._lock():
            card._ledger(
                "expiry",
                paid=-card.balance_paid,
                bonus=-card.balance_bonus,
                uses=-card.remaining_uses,
                key=f"expiry-{card.id}",
                ref=card.name,
            )
            card._ledger_write({"state": "expired"})
