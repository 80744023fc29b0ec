"""Member cards sold and topped up at the POS: checked when the order is paid, issued
and credited once the server accepted it, each keyed by its POS line."""

import phonenumbers

from odoo import models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sports_venue.tools import normalize_cn_phone

MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


class PosOrder(models.Model):
    # Card sale and top-up; card payment lives in pos_order.py.
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _process_saved_order(self, draft):
        self.ensure_one()
        # As for tickets (sports_pos): a validated order is not a draft; issuing and
        # crediting are keyed by the line, so doing them again is a no-op.
        paying = not draft and self.state != "cancel"
        if paying:
            self._sports_card_check_lines()
        result = super()._process_saved_order(draft)
        if paying and self.state in ("paid", "done", "invoiced"):
            self._sports_card_issue()
            self._sports_card_topup()
            self._sports_card_topup_reverse()
        return result

    # ------------------------------------------------------------------ checks

    def _sports_card_lines(self, role):
        return self.lines.filtered(lambda line: line._sports_card_role() == role)

    def _sports_card_types_by_product(self, lines):
        types = lines.product_id.product_tmpl_id._sports_card_types()
        return {card_type.product_id: card_type for card_type in types}

    def _sports_card_check_lines(self):
        """Refuse a paid order whose card lines the server cannot honour, before anything
        is paid: the cashier sees why and the order stays open."""
        card_lines = self._sports_card_lines("card")
        deposit_lines = self._sports_card_lines("deposit")
        topup_lines = self._sports_card_lines("topup")
        if not (card_lines or deposit_lines or topup_lines):
            return
        self.env["sports.card"]._sports_pos_check_staff()
        if (card_lines | deposit_lines).filtered(lambda line: line.qty < 0):
            raise UserError(
                self.env._(
                    "A member card and its deposit are not refunded at the POS: refund the "
                    "card from its form, which pays back its balance and its deposit."
                )
            )
        if topup_lines.filtered(lambda line: line.qty > 0) and self.payment_ids.filtered(
            lambda payment: payment.payment_method_id.use_payment_terminal == "sports_card"
        ):
            raise UserError(
                self.env._(
                    "A top-up is paid in cash, by bank card or online, not with a member "
                    "card: its bonus would be paid by the card itself."
                )
            )
        type_by_product = self._sports_card_types_by_product(card_lines)
        currency = self.currency_id
        for line in card_lines:
            card_type = type_by_product[line.product_id]
            if card_type.company_id != self.company_id:
                raise UserError(
                    self.env._(
                        "%(type)s is a card type of %(company)s: it is not sold at this desk.",
                        type=card_type.name,
                        company=card_type.company_id.name,
                    )
                )
            if line.qty != 1:
                raise UserError(
                    self.env._(
                        "%(type)s: sell one member card per line, each with its holder.",
                        type=card_type.name,
                    )
                )
            self._sports_card_holder_phone(line)
            deposits = deposit_lines.filtered(
                lambda deposit, line=line: deposit.sports_card_for_line_uuid == line.uuid
            )
            collected = sum(deposits.mapped("price_subtotal_incl"))
            if currency.compare_amounts(collected, card_type.deposit) or len(deposits) > 1:
                raise UserError(
                    self.env._(
                        "%(type)s: its deposit of %(deposit).2f is collected once with each "
                        "card, on a deposit line of its own. Remove the card and add it again.",
                        type=card_type.name,
                        deposit=card_type.deposit,
                    )
                )
        orphans = deposit_lines.filtered(
            lambda deposit: deposit.sports_card_for_line_uuid not in card_lines.mapped("uuid")
        )
        if orphans:
            raise UserError(
                self.env._(
                    "A card deposit is collected only with the card it is for: remove the "
                    "deposit line or add the card again."
                )
            )
        Card = self.env["sports.card"]
        for line in topup_lines.filtered(lambda line: line.qty > 0):
            card = Card._sports_pos_card_by_number(line.sports_card_number, self.company_id)
            if card.kind != "stored_value":
                raise UserError(
                    self.env._(
                        "Only stored-value cards can be topped up: %(card)s.", card=card.name
                    )
                )
            card._check_usable()
        for line in topup_lines.filtered(lambda line: line.qty < 0):
            if line.refunded_orderline_id._sports_card_role() != "topup":
                raise UserError(
                    self.env._("Refund a top-up from the order that sold it, with its card.")
                )

    def _sports_card_holder_phone(self, line):
        """The holder's phone of a card line, as E.164; a mainland China mobile number."""
        label = line.sports_card_holder_phone or ""
        if not (line.sports_card_holder_name or "").strip():
            raise ValidationError(self.env._("A member card needs its holder's name."))
        phone = normalize_cn_phone(self.env, line.sports_card_holder_phone)
        number = phonenumbers.parse(phone) if phone else None
        if not (
            number
            and number.country_code == 86
            and phonenumbers.number_type(number) in MOBILE_TYPES
        ):
            raise ValidationError(
                self.env._(
                    "A member card needs its holder's mobile phone number in mainland China "
                    "(+86), like 138 0013 8000; %(phone)s is not one.",
                    phone=label or "-",
                )
            )
        return phone

    # ------------------------------------------------------------------ effects

    def _sports_card_holder(self, line):
        """The partner holding the card of ``line``: the order's customer when the phone
        is theirs, else the partner with that phone, else a new partner."""
        phone = self._sports_card_holder_phone(line)
        Partner = self.env["res.partner"]
        candidates = [self.partner_id] if self.partner_id else []
        typed = line.sports_card_holder_phone.strip()
        national = phonenumbers.format_number(
            phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        candidates += Partner.search(
            [("phone", "in", list({phone, typed, national, national.replace(" ", "")}))],
            order="id",
            limit=5,
        )
        for partner in candidates:
            try:
                if normalize_cn_phone(self.env, partner.phone) == phone:
                    return partner
            except ValidationError:
                continue
        # sudo: cashiers may not create contacts; the holder of the card they sell is
        # registered with the name and the phone checked above, nothing else.
        holder = Partner.sudo().create(
            {"name": line.sports_card_holder_name.strip(), "phone": phone}
        )
        return holder.sudo(False)

    def _sports_card_issue(self):
        """Issue one card per card line, keyed by the line: a re-sync issues nothing."""
        lines = self._sports_card_lines("card").filtered(lambda line: line.qty > 0)
        if not lines:
            return
        self._sports_lock_lines(lines)
        lines.invalidate_recordset(["sports_issued_card_ids"])
        type_by_product = self._sports_card_types_by_product(lines)
        deposit_lines = self._sports_card_lines("deposit")
        clearing = self.company_id._sports_pos_clearing_account()
        for line in lines.filtered(lambda line: not line.sports_issued_card_ids):
            card_type = type_by_product[line.product_id]
            card = (
                self.env["sports.card"]
                .with_company(self.company_id)
                .create(
                    {
                        "type_id": card_type.id,
                        "partner_id": self._sports_card_holder(line).id,
                        "pos_order_line_id": line.id,
                    }
                )
            )
            deposit = deposit_lines.filtered(
                lambda deposit, line=line: deposit.sports_card_for_line_uuid == line.uuid
            )
            if deposit:
                # The POS booked the deposit's cash on the clearing account; the card
                # holds it from there (its deposit liability), once, under its key.
                card._lock()
                card._ledger(
                    "deposit_in",
                    deposit=deposit.price_subtotal_incl,
                    key=f"pos-line-{deposit.uuid}",
                    ref=self.name,
                    source=self,
                    counterpart_account=clearing,
                )

    def _sports_card_topup(self):
        """Credit the card of each top-up line, bonus included, keyed by the line."""
        lines = self._sports_card_lines("topup").filtered(lambda line: line.qty > 0)
        if not lines:
            return
        clearing = self.company_id._sports_pos_clearing_account()
        Card = self.env["sports.card"]
        for line in lines:
            card = Card._sports_pos_card_by_number(line.sports_card_number, self.company_id)
            card.topup(
                line.price_subtotal_incl,
                f"pos-line-{line.uuid}",
                ref=self.name,
                counterpart_account=clearing,
            )

    def _sports_card_topup_reverse(self):
        """Take back the top-ups that refund lines give back, with their share of bonus.

        Refused when the card no longer holds that money: it was spent, and the refund of
        a spent top-up is a card refund (from the card's form), not a POS refund.
        """
        lines = self._sports_card_lines("topup").filtered(lambda line: line.qty < 0)
        if not lines:
            return
        clearing = self.company_id._sports_pos_clearing_account()
        Card, Move = self.env["sports.card"], self.env["sports.card.move"].sudo()
        for line in lines:
            original = line.refunded_orderline_id
            card = Card._sports_pos_card_by_number(original.sports_card_number, self.company_id)
            card = card._check_operable()
            amount = card.currency_id.round(-line.price_subtotal_incl)
            key = f"pos-line-{line.uuid}"
            card._lock()
            if card._existing_move(key, "topup", amount_paid=-amount):
                continue
            topup = Move.search(
                [
                    ("company_id", "=", card.company_id.id),
                    ("idempotency_key", "=", f"pos-line-{original.uuid}"),
                ]
            )
            bonus = Move.search(
                [
                    ("company_id", "=", card.company_id.id),
                    ("idempotency_key", "=", f"pos-line-{original.uuid}:bonus"),
                ]
            )
            if not topup or card.currency_id.compare_amounts(amount, topup.amount_paid) > 0:
                raise UserError(
                    self.env._(
                        "Card %(card)s was not topped up with %(amount).2f by this order.",
                        card=card.name,
                        amount=amount,
                    )
                )
            bonus_back = card.currency_id.round(bonus.amount_bonus * amount / topup.amount_paid)
            if (
                card.state not in ("active", "frozen")
                or card.currency_id.compare_amounts(card.balance_paid, amount) < 0
                or card.currency_id.compare_amounts(card.balance_bonus, bonus_back) < 0
            ):
                raise UserError(
                    self.env._(
                        "Card %(card)s no longer holds the %(amount).2f top-up and its "
                        "%(bonus).2f bonus (it holds %(paid).2f paid and %(left).2f bonus): "
                        "it cannot be refunded at the POS.",
                        card=card.name,
                        amount=amount,
                        bonus=bonus_back,
                        paid=card.balance_paid,
                        left=card.balance_bonus,
                    )
                )
            note = self.env._("Top-up refunded at the POS.")
            card._ledger(
                "topup",
                paid=-amount,
                key=key,
                ref=self.name,
                source=self,
                note=note,
                counterpart_account=clearing,
            )
            if bonus_back:
                card._ledger(
                    "bonus", bonus=-bonus_back, key=f"{key}:bonus", ref=self.name, note=note
                )
