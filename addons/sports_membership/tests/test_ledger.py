from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CardCase


@tagged("post_install", "-at_install")
class TestLedger(CardCase):
    def test_topup_adds_bonus_of_the_highest_reached_tier_apart(self):
        card = self.new_card()
        card.topup(1200.0, self.key(), ref="wx-1")
        self.assertEqual(card.balance_paid, 1200.0)
        self.assertEqual(card.balance_bonus, 100.0)
        card.topup(400.0, self.key(), ref="wx-2")
        self.assertEqual((card.balance_paid, card.balance_bonus), (1600.0, 100.0))
        kinds = card.move_ids.mapped("kind")
        self.assertEqual(sorted(kinds), ["bonus", "deposit_in", "topup", "topup"])
        self.assertLedgerSound(card)

    def test_spend_takes_paid_money_and_bonus_in_proportion(self):
        card = self.new_card()
        card.topup(500.0, self.key(), ref="wx")  # 500 paid + 30 bonus
        move = card.charge(106.0, self.key(), ref="order 1")
        self.assertEqual((move.amount_paid, move.amount_bonus), (-100.0, -6.0))
        self.assertEqual((card.balance_paid, card.balance_bonus), (400.0, 24.0))
        # Rounded shares never overdraw either balance; the whole balance empties both.
        move = card.charge(0.01, self.key(), ref="order 2")
        self.assertEqual((move.amount_paid, move.amount_bonus), (-0.01, 0.0))
        move = card.charge(423.99, self.key(), ref="order 3")
        self.assertEqual((move.amount_paid, move.amount_bonus), (-399.99, -24.0))
        self.assertEqual((card.balance_paid, card.balance_bonus), (0.0, 0.0))
        self.assertLedgerSound(card)

    def test_charge_respects_the_card_type_scope(self):
        self.value_type.venue_ids = self.venue
        card = self.funded_card(100.0)
        elsewhere = self.env["sports.venue"].create({"name": "Elsewhere", "code": "TELSE"})
        with self.assertRaisesRegex(UserError, "is not valid on Elsewhere"):
            card.charge(10.0, self.key(), ref="stall", venue=elsewhere)
        with self.assertRaisesRegex(UserError, "is not valid on"):
            card.charge(10.0, self.key(), ref="pos")
        card.charge(10.0, self.key(), ref="stall", venue=self.venue)
        card.charge(10.0, self.key(), ref="court", space=self.court)
        self.assertEqual(card.balance_paid, 80.0)
        self.assertLedgerSound(card)

    def test_retried_charge_returns_the_first_move_and_debits_once(self):
        card = self.funded_card(100.0)
        key = self.key()
        first = card.charge(30.0, key, ref="pos 1")
        again = self.Card.browse(card.id).charge(30.0, key, ref="pos 1")
        self.assertEqual(first, again)
        self.assertEqual(card.balance_paid, 70.0)
        self.assertEqual(self.Move.search_count([("idempotency_key", "=", key)]), 1)
        with self.assertRaises(UserError):
            card.charge(31.0, key, ref="pos 1")
        other = self.funded_card(100.0, uid="OTHER-1")
        with self.assertRaises(UserError):
            other.charge(30.0, key, ref="pos 1")
        self.assertEqual(other.balance_paid, 100.0)

    def assertRefusedAndNothingWritten(self, card, func):
        moves = self.Move.search_count([])
        balances = (card.balance_paid, card.balance_bonus, card.remaining_uses, card.state)
        with self.assertRaises(UserError):
            func()
        self.assertEqual(self.Move.search_count([]), moves)
        card.invalidate_recordset()
        self.assertEqual(
            (card.balance_paid, card.balance_bonus, card.remaining_uses, card.state), balances
        )

    def test_overdraw_is_refused(self):
        card = self.funded_card(100.0)
        self.assertRefusedAndNothingWritten(card, lambda: card.charge(100.01, self.key(), ref="x"))

    def test_bad_amounts_are_refused(self):
        card = self.funded_card(100.0)
        for amount in (0, 0.0, -5.0, 0.001, "ten", None, True):
            self.assertRefusedAndNothingWritten(
                card, lambda a=amount: card.topup(a, self.key(), ref="x")
            )
            self.assertRefusedAndNothingWritten(
                card, lambda a=amount: card.charge(a, self.key(), ref="x")
            )
        self.assertRefusedAndNothingWritten(card, lambda: card.charge(5.0, "", ref="x"))

    def test_frozen_expired_lost_and_refunded_cards_cannot_pay(self):
        frozen = self.funded_card(50.0, uid="F")
        frozen.freeze()
        expired = self.funded_card(50.0, uid="E")
        expired.write({"valid_from": "2019-01-01", "valid_to": "2020-01-01"})
        lost = self.funded_card(50.0, uid="L")
        lost.replace("L2")
        refunded = self.funded_card(50.0, uid="R")
        refunded.refund()
        for card in (frozen, expired, lost, refunded):
            self.assertRefusedAndNothingWritten(
                card, lambda c=card: c.charge(1.0, self.key(), ref="x")
            )

    def test_topup_of_a_refunded_card_is_refused(self):
        card = self.funded_card(50.0)
        card.refund()
        self.assertRefusedAndNothingWritten(card, lambda: card.topup(10.0, self.key(), ref="x"))

    def test_refunding_twice_is_refused(self):
        card = self.funded_card(50.0)
        card.refund()
        self.assertRefusedAndNothingWritten(card, card.refund)

    def test_duplicate_uid_is_refused(self):
        self.new_card(uid="04AABBCC")
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.new_card(uid="04AABBCC")

    def test_uid_is_stored_as_readers_read_it(self):
        card = self.new_card(uid=" 04:a1:b2 ")
        self.assertEqual(card.uid, "04A1B2")
        # The same card read another way is the same card.
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.new_card(uid="04a1b2")
        card.write({"uid": "04:a1:b3"})
        self.assertEqual(card.uid, "04A1B3")

    def test_holder_needs_a_valid_phone(self):
        bad = self.env["res.partner"].create({"name": "No Number"})
        with self.assertRaises(ValidationError):
            self.new_card(partner_id=bad.id)
        bad.phone = "12345"
        with self.assertRaises(ValidationError):
            self.new_card(partner_id=bad.id)

    def test_ledger_is_append_only_and_balances_are_not_writable(self):
        cashier = new_test_user(self.env, "ledger_cashier", groups="sports_venue.group_arena_user")
        card = self.funded_card(100.0)
        move = card.move_ids[0]
        # Append-only even in superuser mode: a move is never changed nor deleted.
        with self.assertRaises(UserError):
            move.write({"amount_paid": 1000.0})
        with self.assertRaises(UserError):
            move.sudo().write({"account_move_id": False})
        with self.assertRaises(UserError):
            move.unlink()
        with self.assertRaises(UserError):
            move.with_user(cashier).unlink()
        with self.assertRaises(UserError):
            self.Move.with_user(cashier).create(
                {"card_id": card.id, "kind": "topup", "amount_paid": 5.0}
            )
        with self.assertRaises(UserError):
            card.with_user(cashier).write({"balance_paid": 1000.0})
        with self.assertRaises(UserError):
            card.with_user(cashier).write({"state": "active"})
        with self.assertRaises(UserError):
            card.unlink()
        Card = self.Card.with_user(cashier)
        forged = Card.with_context(default_balance_paid=1000.0, default_state="lost")
        forged = forged.create({"type_id": self.value_type.id, "partner_id": self.holder.id})
        self.assertEqual((forged.balance_paid, forged.state), (0.0, "active"))
        self.assertEqual(card.balance_paid, 100.0)
        self.assertLedgerSound(card | forged)

    def test_integrity_check_finds_a_tampered_balance(self):
        card = self.funded_card(100.0)
        self.assertLedgerSound(card)
        self.env.cr.execute("UPDATE sports_card SET balance_paid = 99 WHERE id = %s", [card.id])
        self.assertEqual(card._check_balance_integrity()[0][:2], (card.id, "balance_paid"))
        with self.assertRaises(UserError):
            card.action_check_balance_integrity()
