"""What member-card operations check before they lock a card: their arguments, the
caller's rights, and an idempotency key reused with other arguments."""

from odoo import _, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

from odoo.addons.sports_venue.tools import inputs

MANAGER_GROUP = "sports_venue.group_arena_manager"
# References and notes on moves are labels, not documents.
MAX_REF_LENGTH = 256
# A manager's correction of entries: more than this is a typo, not a correction.
MAX_ADJUST_USES = 100_000


class SportsCard(models.Model):
    # sports.card is split by concern (fields/CRUD, operations, these checks, reports).
    _inherit = "sports.card"  # pylint: disable=consider-merging-classes-inherited

    def _check_operable(self):
        """One existing card the caller may write; the ledger then writes with sudo."""
        if len(self) != 1:
            raise UserError(_("Give exactly one member card."))
        # One narrow read proves that the card exists and gives the record rules their
        # company, which check_access would otherwise fetch with the whole row.
        # sudo: whether the card exists, whoever may see it; the rules are checked next.
        if not self.sudo().search_fetch([("id", "=", self.id)], ["company_id"]):
            raise UserError(_("This member card does not exist."))
        self.check_access("write")
        return self

    def _check_operable_all(self):
        """Existing cards, all of which the caller may write (``freeze``, ``unfreeze``)."""
        if not self:
            raise ValidationError(_("Give at least one member card."))
        if len(self.exists()) != len(self):
            raise ValidationError(_("This member card does not exist."))
        self.check_access("write")
        return self

    def _check_amount(self, amount, maximum=inputs.MAX_AMOUNT, rounding=None):
        """A finite amount of money, more than zero once rounded, at most ``maximum``.

        ``rounding``: the card currency's, when the caller already read it (``charge``)."""
        amount = inputs.amount(self.env, amount, _("The amount"), maximum=maximum, strict=True)
        if rounding is None:
            rounding = self.currency_id.rounding
        amount = float_round(amount, precision_rounding=rounding)
        if float_compare(amount, 0, precision_rounding=rounding) <= 0:
            raise ValidationError(_("The amount must be more than zero."))
        return amount

    def _check_key(self, key, required=True):
        return inputs.key(self.env, key, required=required)

    def _check_ref(self, ref, label=None):
        return inputs.text(self.env, ref, label or _("The reference"), max_length=MAX_REF_LENGTH)

    def _check_record(self, model, value, label, required=False):
        """One existing record of ``model`` (a record or an id) that the caller may read."""
        record = inputs.record(self.env, model, value, label, required=required)
        if record:
            record.check_access("read")
        return record

    def _check_source(self, source):
        """The record a charge pays for: a record, or ``"model,id"`` over JSON-2."""
        if source is None or source is False or source == "":
            return None
        if isinstance(source, models.BaseModel):
            model, value = source._name, source
        elif isinstance(source, str):
            model, _sep, value = inputs.text(
                self.env, source, _("The source"), max_length=MAX_REF_LENGTH
            ).partition(",")
            value = value.strip()
            if model not in self.env or not (value.isascii() and value.isdigit()):
                raise ValidationError(
                    _("Give the source as a record or as text like sports.booking,42.")
                )
            value = int(value)
        else:
            raise ValidationError(
                _("Give the source as a record or as text like sports.booking,42.")
            )
        return self._check_record(model, value, _("The source"), required=True)

    def _check_account(self, account, label):
        """An account the caller may read and the card's company may post to."""
        account = self._check_record("account.account", account, label)
        if account and self.company_id not in account.sudo().company_ids:
            raise ValidationError(
                _(
                    "%(label)s %(account)s is not an account of %(company)s.",
                    label=label,
                    account=account.sudo().display_name,
                    company=self.company_id.name,
                )
            )
        return account or None

    def _existing_move(self, key, kind, source=None, **expected):
        """The move an earlier call with ``key`` wrote, checked to be the same call.

        ``source`` and ``expected`` (move fields and the values this call would write)
        must match the earlier move: a key reused with other arguments (a top-up of 70
        under the key of a top-up of 50) is refused, never answered with the old move.
        The key itself is not repeated in the message: it may be long, and is the caller's.
        """
        # Keys are unique per company whatever the reader may see: look them up unrestricted.
        move = (
            self.env["sports.card.move"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("idempotency_key", "=", key)])
        )
        if not move:
            return move.sudo(False)
        if move.card_id != self or move.kind != kind:
            raise UserError(
                _(
                    "This idempotency key was already used for another operation or "
                    "another card. Use a new key."
                )
            )
        currency = self.currency_id
        differs = [
            field
            for field, value in expected.items()
            if (
                currency.compare_amounts(move[field], value)
                if isinstance(value, float)
                else move[field] != value
            )
        ]
        if source is not None and (move.res_model or False, move.res_id or 0) != (
            source._name if source else False,
            source.id if source else 0,
        ):
            differs.append("source")
        if differs:
            raise UserError(
                _(
                    "This idempotency key was already used for a %(kind)s with other "
                    "arguments (%(fields)s). Use a new key for a new operation.",
                    kind=dict(move._fields["kind"]._description_selection(self.env))[move.kind],
                    fields=", ".join(differs),
                )
            )
        return move.sudo(False)
