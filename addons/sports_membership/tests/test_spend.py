"""The lean spend (``sports_card_spend.py``): its SQL writes keep every rule of the ledger."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..models.sports_card_spend import SPEND_COLUMNS, SPEND_NULL_COLUMNS
from .common import CardCase


@tagged("post_install", "-at_install")
class TestLeanSpend(CardCase):
    def test_spend_insert_names_every_stored_field_of_the_ledger(self):
        """A stored field added to sports.card.move must be written by the spend's insert
        (or be left NULL on purpose): the insert bypasses create() and its defaults."""
        stored = {
            name for name, field in self.Move._fields.items() if field.store and field.column_type
        }
        self.assertEqual(stored, set(SPEND_COLUMNS) | set(SPEND_NULL_COLUMNS))

    def test_spend_row_is_what_create_would_store(self):
        cashier = new_test_user(
            self.env, login="spend_cashier", groups="sports_venue.group_arena_user"
        )
        card = self.funded_card(100.0)
        before = card.write_date
        move = card.with_user(cashier).charge(12.5, self.key(), ref="till 3")
        self.assertEqual(move.env.uid, cashier.id)
        move = move.sudo()
        self.assertRecordValues(
            move,
            [
                {
                    "card_id": card.id,
                    "card_type_id": self.value_type.id,
                    "company_id": card.company_id.id,
                    "kind": "spend",
                    "amount_paid": -12.5,
                    "amount_bonus": 0.0,
                    "amount_total": -12.5,
                    "uses": 0,
                    "amount_deposit": 0.0,
                    "fee_amount": 0.0,
                    "ref": "till 3",
                    "note": False,
                    "user_id": cashier.id,
                    "create_uid": cashier.id,
                    "date": self.Card._today(),
                    "accounting_pending": True,
                    "account_move_id": False,
                }
            ],
        )
        self.assertLessEqual(move.moved_at, fields.Datetime.now())
        # The stored total was written with the balances: nothing left to recompute.
        self.assertFalse(self.env.records_to_compute(self.Card._fields["balance_total"]))
        # The card read after the spend holds its new balances, without an invalidation.
        self.assertEqual((card.balance_paid, card.balance_total), (87.5, 87.5))
        self.assertEqual(card.write_uid, cashier)
        self.assertGreaterEqual(card.write_date, before)
        self.assertIn(move, card.move_ids)
        self.assertLedgerSound(card)

    def test_retry_of_a_spend_returns_it_after_the_card_changed(self):
        """A retry of a spend that went through returns it even if the card can no longer
        pay it (frozen, or emptied by the spend itself): the key is looked up first."""
        card = self.funded_card(50.0)
        key = self.key()
        first = card.charge(50.0, key, ref="all of it")
        self.assertEqual(card.balance_total, 0.0)
        self.assertEqual(card.charge(50.0, key, ref="all of it"), first)
        card.freeze()
        self.assertEqual(card.charge(50.0, key, ref="all of it"), first)
        # The same key with other arguments is refused, never answered with the old spend.
        with self.assertRaisesRegex(UserError, "other arguments"):
            card.charge(40.0, key, ref="all of it")
        with self.assertRaisesRegex(UserError, "is frozen"):
            card.charge(1.0, self.key(), ref="new")
        self.assertEqual(self.Move.search_count([("idempotency_key", "=", key)]), 1)
        self.assertLedgerSound(card)

    def test_refused_spends_write_nothing(self):
        card = self.funded_card(10.0)
        entry_card = self.new_card(self.count_type)
        moves = self.Move.search_count([])
        with self.assertRaisesRegex(UserError, "less than 10.01"):
            card.charge(10.01, self.key(), ref="too much")
        with self.assertRaisesRegex(UserError, "holds no money"):
            entry_card.charge(1.0, self.key(), ref="entry card")
        today = self.Card._today()
        card.write(
            {
                "valid_from": fields.Date.subtract(today, days=10),
                "valid_to": fields.Date.subtract(today, days=1),
            }
        )
        with self.assertRaisesRegex(UserError, "expired on"):
            card.charge(1.0, self.key(), ref="expired")
        self.assertEqual(self.Move.search_count([]), moves)
        self.assertEqual(card.balance_total, 10.0)
        self.assertLedgerSound(card)
