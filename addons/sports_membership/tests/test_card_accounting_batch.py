from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CardCase


class BatchCrashed(Exception):
    """Stands for a batch process killed half-way: its transaction is rolled back."""


@tagged("post_install", "-at_install")
class TestCardAccountingBatch(CardCase):
    """Spends write their ledger row only; the batch posts one entry per company, card
    type, day, kind and accounts, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liability = cls.company.card_liability_account_id
        cls.revenue = cls.company.card_revenue_account_id
        cls.bonus_discount = cls.company.card_bonus_discount_account_id
        cls.other_type = cls.value_type.copy({"name": "Stored Value B", "topup_ids": []})
        cls.clearing = cls.env["account.account"].create(
            {
                "name": "Member card payments (batch)",
                "code": "TCLRB1",
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [fields.Command.set(cls.company.ids)],
            }
        )

    def card_1000_100(self, card_type=None):
        card = self.new_card(card_type=card_type)
        card.topup(1000.0, self.key(), ref="wx")  # + 100 bonus with value_type
        return card

    def lines(self, entry):
        result = {}
        for line in entry.line_ids:
            result[line.account_id] = round(result.get(line.account_id, 0.0) + line.balance, 2)
        return result

    def gl_liability(self):
        self.env.flush_all()
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.liability.id),
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.company.id),
            ]
        )
        return -round(sum(lines.mapped("balance")), 2)

    def test_a_spend_writes_its_ledger_row_only(self):
        card = self.card_1000_100()
        spend = card.charge(55.0, self.key(), ref="court")
        self.assertTrue(spend.accounting_pending)
        self.assertFalse(spend.account_move_id)
        self.assertEqual(card.balance_total, 1045.0)
        self.assertLedgerSound(card)

    def test_one_entry_per_type_day_kind_and_accounts_split_paid_and_bonus(self):
        cards = self.card_1000_100() | self.card_1000_100()
        other = self.card_1000_100(self.other_type)  # no bonus tier: 1000 paid
        spends = cards[0].charge(550.0, self.key(), ref="a")  # 500 paid + 50 bonus
        spends |= cards[1].charge(110.0, self.key(), ref="b")  # 100 paid + 10 bonus
        spends |= cards[1].charge(11.0, self.key(), ref="c")  # 10 paid + 1 bonus
        other_spend = other.charge(40.0, self.key(), ref="d")
        pos_spend = cards[0].charge(110.0, self.key(), ref="pos", counterpart_account=self.clearing)
        self.assertEqual(
            [(s.amount_paid, s.amount_bonus) for s in spends], [(-500, -50), (-100, -10), (-10, -1)]
        )
        moves = spends | other_spend | pos_spend
        entries = moves._post_pending_accounting()
        self.assertEqual(len(entries), 3)
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        self.assertEqual(len(spends.account_move_id), 1, "one entry for the three spends")
        self.assertEqual(
            self.lines(spends.account_move_id), {self.liability: 610.0, self.revenue: -610.0}
        )
        self.assertEqual(
            self.lines(other_spend.account_move_id), {self.liability: 40.0, self.revenue: -40.0}
        )
        # The POS spend: paid money out of the liability, bonus as a discount, the whole
        # amount against the till's clearing account.
        self.assertEqual(
            self.lines(pos_spend.account_move_id),
            {self.liability: 100.0, self.bonus_discount: 10.0, self.clearing: -110.0},
        )
        self.assertFalse(any(moves.mapped("accounting_pending")))

    def test_the_batch_is_idempotent(self):
        card = self.card_1000_100()
        spend = card.charge(55.0, self.key(), ref="x")
        first = self.Move._post_pending_accounting()
        self.assertEqual(spend.account_move_id, first)
        self.assertFalse(self.Move._post_pending_accounting(), "nothing left to post")
        self.assertFalse(spend._post_pending_accounting())
        self.assertEqual(spend.account_move_id, first)
        self.assertEqual(self.env["account.move"].search_count([("id", "in", first.ids)]), 1)

    def test_a_batch_killed_half_way_posts_nothing_and_the_rerun_posts_each_move_once(self):
        card, other = self.card_1000_100(), self.card_1000_100(self.other_type)
        moves = card.charge(11.0, self.key(), ref="a") | other.charge(7.0, self.key(), ref="b")
        moves |= card.charge(22.0, self.key(), ref="c")
        try:
            with self.env.cr.savepoint():
                # The batch posts the first card type's entry, then dies.
                half = moves.filtered(lambda m: m.card_type_id == self.value_type)
                lost = half._post_pending_accounting()
                self.assertTrue(lost)
                raise BatchCrashed()
        except BatchCrashed:
            pass
        moves.invalidate_recordset()
        self.assertTrue(all(moves.mapped("accounting_pending")))
        self.assertFalse(moves.account_move_id)
        self.assertFalse(lost.exists())
        entries = self.Move._post_pending_accounting()
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries, moves.account_move_id)
        # 11 and 22 from 1000 paid + 100 bonus are 10 and 20 paid; 7 from 1000 paid is 7.
        debits = sum(self.lines(entry)[self.liability] for entry in entries)
        self.assertEqual(round(debits, 2), 37.0)

    def test_the_liability_report_equals_the_general_ledger_after_the_batch(self):
        cards = [self.card_1000_100(), self.card_1000_100(), self.card_1000_100(self.other_type)]
        cards[0].charge(123.45, self.key(), ref="x")
        cards[1].charge(0.07, self.key(), ref="x")
        cards[2].charge(999.99, self.key(), ref="x")
        spend = cards[1].move_ids.filtered(lambda m: m.kind == "spend")
        cards[1].refund_spend(spend, 0.07, self.key())
        report = sum(self.Card._liability_by_type(self.Card._today()).values())
        self.assertNotEqual(round(report, 2), self.gl_liability(), "before the batch")
        self.Move._cron_post_card_accounting()
        self.assertEqual(round(report, 2), self.gl_liability())
        self.assertAlmostEqual(
            report,
            sum(self.Card.search([("company_id", "=", self.company.id)]).mapped("balance_paid")),
            places=2,
        )

    def test_only_a_manager_posts_card_accounting_from_the_menu(self):
        card = self.card_1000_100()
        spend = card.charge(55.0, self.key(), ref="x")
        cashier = new_test_user(self.env, "batch_cashier", groups="sports_venue.group_arena_user")
        with self.assertRaises(AccessError):
            self.Move.with_user(cashier)._action_post_card_accounting()
        self.assertTrue(spend.accounting_pending)
        manager = new_test_user(
            self.env, "batch_manager", groups="sports_venue.group_arena_manager"
        )
        action = self.env.ref("sports_membership.action_sports_card_post_accounting")
        result = action.with_user(manager).run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertFalse(spend.accounting_pending)
        self.assertTrue(spend.account_move_id)
