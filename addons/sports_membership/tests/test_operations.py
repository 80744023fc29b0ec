from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CardCase


@tagged("post_install", "-at_install")
class TestOperations(CardCase):
    def test_unfreezing_extends_period_validity_by_the_frozen_days(self):
        card = self.new_card(self.period_type)
        today = fields.Date.context_today(card)
        valid_to = card.valid_to
        self.assertEqual(valid_to, today + relativedelta(months=1, days=-1))
        card.action_freeze()
        self.assertEqual(card.state, "frozen")
        card.frozen_since = today - timedelta(days=12)
        card.action_unfreeze()
        self.assertEqual(card.state, "active")
        self.assertEqual(card.valid_to, valid_to + timedelta(days=12))
        self.assertEqual(
            card.move_ids.filtered(lambda m: m.kind == "unfreeze").note, "Frozen 12 days."
        )
        with self.assertRaises(UserError):
            card.action_unfreeze()

    def test_lost_card_replacement_carries_balances_and_revokes_the_old_card(self):
        card = self.funded_card(1000.0, uid="OLD-UID")
        self.Card.charge(card, 100.0, "x", self.key())
        new = card.action_replace("NEW-UID")
        self.assertEqual(card.state, "lost")
        self.assertEqual(card.replaced_by_id, new)
        self.assertEqual((card.balance_paid, card.balance_bonus, card.deposit_balance), (0, 0, 0))
        self.assertEqual(
            (new.balance_paid, new.balance_bonus, new.deposit_balance, new.uid),
            (900.0, 100.0, 20.0, "NEW-UID"),
        )
        self.assertEqual(new.partner_id, self.holder)
        self.assertNotEqual(new.name, card.name)
        self.assertLedgerSound(card | new)
        with self.assertRaises(UserError):
            card.action_replace("OTHER")
        with self.assertRaises(UserError):
            new.action_replace("  ")

    def test_transfer_only_where_allowed(self):
        card = self.funded_card(100.0)
        card.action_transfer(self.other)
        self.assertEqual(card.partner_id, self.other)
        self.assertIn("transfer", card.move_ids.mapped("kind"))
        count = self.new_card(self.count_type)
        with self.assertRaises(UserError):
            count.action_transfer(self.other)

    def test_refund_pays_cash_minus_fee_forfeits_bonus_and_returns_deposit(self):
        card = self.new_card()
        card.action_topup(1000.0, "x", self.key())  # +100 bonus
        self.Card.charge(card, 250.0, "x", self.key())  # paid 750, bonus 100
        refund = card.action_refund()
        self.assertEqual(refund.amount_paid, -750.0)
        self.assertEqual(refund.amount_bonus, -100.0)
        self.assertEqual(refund.fee_amount, 75.0)
        deposit = card.move_ids.filtered(lambda m: m.kind == "deposit_out")
        self.assertEqual(deposit.amount_deposit, -20.0)
        self.assertEqual(card.state, "refunded")
        self.assertEqual(
            (card.balance_paid, card.balance_bonus, card.deposit_balance), (0.0, 0.0, 0.0)
        )
        self.assertLedgerSound(card)

    def test_count_card_uses_respect_scope_and_daily_cap(self):
        card = self.new_card(self.count_type)
        self.assertEqual(card.remaining_uses, 10)
        self.Card.use(card, self.lane, "u1")
        again = self.Card.use(card, self.lane, "u1")
        self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "use")), 1)
        self.assertEqual(again.uses, -1)
        self.assertEqual(card.remaining_uses, 9)
        with self.assertRaises(UserError):
            self.Card.use(card, self.court, "u2")  # not a swimming space
        self.Card.use(card, self.lane, "u3")
        with self.assertRaises(UserError):
            self.Card.use(card, self.lane, "u4")  # daily cap of 2
        self.assertEqual(card.remaining_uses, 8)
        with self.assertRaises(UserError):
            self.Card.charge(card, 1.0, "x", self.key())
        self.assertLedgerSound(card)

    def test_period_card_counts_uses_without_a_balance(self):
        card = self.new_card(self.period_type)
        move = self.Card.use(card, self.court, self.key())
        self.assertEqual((move.kind, move.uses), ("use", 0))
        self.assertEqual(card.remaining_uses, 0)

    def test_expiry_cron_clears_balances_and_expires(self):
        card = self.new_card(self.count_type)
        card.write({"valid_from": "2019-01-01", "valid_to": "2020-01-01"})
        with self.assertRaises(UserError):
            self.Card.use(card, self.lane, self.key())
        self.Card._cron_expire()
        self.assertEqual(card.state, "expired")
        self.assertEqual(card.remaining_uses, 0)
        self.assertEqual(card.move_ids.filtered(lambda m: m.kind == "expiry").uses, -10)
        self.assertLedgerSound(card)

    def test_adjustment_needs_a_reason(self):
        card = self.funded_card(100.0)
        with self.assertRaises(UserError):
            card.action_adjust(paid=-10.0)
        card.action_adjust(paid=-10.0, reason="counting error")
        self.assertEqual(card.balance_paid, 90.0)
        with self.assertRaises(UserError):
            card.action_adjust(paid=-1000.0, reason="too much")
        self.assertLedgerSound(card)

    def test_wizard_tops_up_once_per_wizard(self):
        card = self.new_card()
        wizard = self.env["sports.card.operation"].create(
            {"card_id": card.id, "operation": "topup", "amount": 100.0, "payment_ref": "cash"}
        )
        wizard.action_apply()
        wizard.action_apply()
        self.assertEqual(card.balance_paid, 100.0)
