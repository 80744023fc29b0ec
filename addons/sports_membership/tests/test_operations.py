from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CardCase


@tagged("post_install", "-at_install")
class TestOperations(CardCase):
    def test_unfreezing_extends_period_validity_by_the_frozen_days(self):
        card = self.new_card(self.period_type)
        today = card._today()
        valid_to = card.valid_to
        self.assertEqual(valid_to, today + relativedelta(months=1, days=-1))
        card.freeze()
        self.assertEqual(card.state, "frozen")
        card.frozen_since = today - timedelta(days=12)
        card.unfreeze()
        self.assertEqual(card.state, "active")
        self.assertEqual(card.valid_to, valid_to + timedelta(days=12))
        self.assertEqual(
            card.move_ids.filtered(lambda m: m.kind == "unfreeze").note, "Frozen 12 days."
        )
        with self.assertRaises(UserError):
            card.unfreeze()

    def test_lost_card_replacement_carries_balances_and_revokes_the_old_card(self):
        card = self.funded_card(1000.0, uid="OLD-UID")
        card.charge(110.0, self.key(), ref="x")  # 100 paid, 10 bonus
        new = card.replace("NEW-UID")
        self.assertEqual(card.state, "lost")
        self.assertEqual(card.replaced_by_id, new)
        self.assertEqual((card.balance_paid, card.balance_bonus, card.deposit_balance), (0, 0, 0))
        self.assertEqual(
            (new.balance_paid, new.balance_bonus, new.deposit_balance, new.uid),
            (900.0, 90.0, 20.0, "NEW-UID"),
        )
        self.assertEqual(new.partner_id, self.holder)
        self.assertNotEqual(new.name, card.name)
        self.assertLedgerSound(card | new)
        with self.assertRaises(UserError):
            card.replace("OTHER")
        with self.assertRaises(UserError):
            new.replace("  ")

    def test_transfer_only_where_allowed(self):
        card = self.funded_card(100.0)
        card.transfer(self.other)
        self.assertEqual(card.partner_id, self.other)
        self.assertIn("transfer", card.move_ids.mapped("kind"))
        count = self.new_card(self.count_type)
        with self.assertRaises(UserError):
            count.transfer(self.other)

    def test_refund_pays_cash_minus_fee_forfeits_bonus_and_returns_deposit(self):
        card = self.new_card()
        card.topup(1000.0, self.key(), ref="x")  # +100 bonus
        card.charge(220.0, self.key(), ref="x")  # paid 800, bonus 80
        refund = card.refund()
        self.assertEqual(refund.amount_paid, -800.0)
        self.assertEqual(refund.amount_bonus, -80.0)
        self.assertEqual(refund.fee_amount, 80.0)
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
        card.use(self.lane, "u1")
        again = card.use(self.lane, "u1")
        self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "use")), 1)
        self.assertEqual(again.uses, -1)
        self.assertEqual(card.remaining_uses, 9)
        with self.assertRaises(UserError):
            card.use(self.court, "u2")  # not a swimming space
        card.use(self.lane, "u3")
        with self.assertRaises(UserError):
            card.use(self.lane, "u4")  # daily cap of 2
        self.assertEqual(card.remaining_uses, 8)
        with self.assertRaises(UserError):
            card.charge(1.0, self.key(), ref="x")
        self.assertLedgerSound(card)

    def test_period_card_counts_uses_without_a_balance(self):
        card = self.new_card(self.period_type)
        move = card.use(self.court, self.key())
        self.assertEqual((move.kind, move.uses), ("use", 0))
        self.assertEqual(card.remaining_uses, 0)

    def test_expiry_cron_clears_balances_and_expires(self):
        card = self.new_card(self.count_type)
        card.write({"valid_from": "2019-01-01", "valid_to": "2020-01-01"})
        with self.assertRaises(UserError):
            card.use(self.lane, self.key())
        self.Card._cron_expire()
        self.assertEqual(card.state, "expired")
        self.assertEqual(card.remaining_uses, 0)
        self.assertEqual(card.move_ids.filtered(lambda m: m.kind == "expiry").uses, -10)
        self.assertLedgerSound(card)

    def test_adjustment_needs_a_reason(self):
        card = self.funded_card(100.0)
        with self.assertRaises(UserError):
            card.adjust(None, self.key(), paid=-10.0)
        card.adjust("counting error", self.key(), paid=-10.0)
        self.assertEqual(card.balance_paid, 90.0)
        with self.assertRaises(UserError):
            card.adjust("too much", self.key(), paid=-1000.0)
        self.assertLedgerSound(card)

    def test_wizard_tops_up_once_per_wizard(self):
        card = self.new_card()
        wizard = self.env["sports.card.operation"].create(
            {"card_id": card.id, "operation": "topup", "amount": 100.0, "payment_ref": "cash"}
        )
        self.assertEqual(wizard.journal_id.type, "cash", "the desk's cash box by default")
        wizard.action_apply()
        wizard.action_apply()
        self.assertEqual(card.balance_paid, 100.0)

    def test_a_wizard_top_up_is_debited_to_the_journal_the_money_went_into(self):
        card = self.new_card()
        bank = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", card.company_id.id)], limit=1
        )
        wizard = self.env["sports.card.operation"].create(
            {
                "card_id": card.id,
                "operation": "topup",
                "amount": 80.0,
                "journal_id": bank.id,
                "payment_ref": "transfer 0042",
            }
        )
        wizard.action_apply()
        entry = card.move_ids.filtered(lambda m: m.kind == "topup").account_move_id
        debit = entry.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(
            (debit.account_id, debit.debit), (bank.default_account_id, 80.0), entry.line_ids
        )
        nowhere = self.env["sports.card.operation"].create(
            {"card_id": card.id, "operation": "topup", "amount": 10.0}
        )
        nowhere.journal_id = False
        with self.assertRaises(UserError):
            nowhere.action_apply()
        self.assertEqual(card.balance_paid, 80.0)

    def test_selling_a_card_type_issues_one_card_per_unit_once(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.holder.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.count_type.product_id.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        self.assertEqual(order.amount_untaxed, 600.0)
        order.action_confirm()
        cards = order.order_line.sports_issued_card_ids
        self.assertEqual(len(cards), 2)
        self.assertEqual(cards.partner_id, self.holder)
        self.assertEqual(cards.mapped("remaining_uses"), [10, 10])
        self.assertEqual(set(cards.mapped("state")), {"active"})
        order._sports_card_issue()
        self.assertEqual(order.order_line.sports_issued_card_ids, cards)
        self.assertLedgerSound(cards)

    def test_a_card_sold_to_a_customer_without_phone_is_flagged_on_the_order(self):
        nobody = self.env["res.partner"].create({"name": "No Phone"})
        order = self.env["sale.order"].create(
            {
                "partner_id": nobody.id,
                "order_line": [Command.create({"product_id": self.period_type.product_id.id})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.order_line.sports_issued_card_ids)
        self.assertIn("could not be issued", order.message_ids[0].body)
