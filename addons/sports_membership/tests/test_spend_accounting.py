from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CardCase


@tagged("post_install", "-at_install")
class TestSpendAccounting(CardCase):
    """Spends posted against a clearing account (the POS) and keyed spend refunds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liability = cls.company.card_liability_account_id
        cls.revenue = cls.company.card_revenue_account_id
        cls.clearing = cls.env["account.account"].create(
            {
                "name": "Member card payments",
                "code": "TCLR1",
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [fields.Command.set(cls.company.ids)],
            }
        )

    def lines(self, move):
        move._post_pending_accounting()  # a spend's entry is the batch's
        self.assertEqual(move.account_move_id.state, "posted")
        result = {}
        for line in move.account_move_id.line_ids:
            result[line.account_id] = round(result.get(line.account_id, 0.0) + line.balance, 2)
        return result

    def card_1000_100(self):
        card = self.new_card()
        card.topup(1000.0, self.key(), ref="wx")  # + 100 bonus
        return card

    def test_charge_against_clearing_posts_paid_and_bonus_shares(self):
        card = self.card_1000_100()
        bonus_account = self.company.card_bonus_discount_account_id
        self.assertTrue(bonus_account)
        spend = card.charge(550.0, self.key(), ref="pos", counterpart_account=self.clearing)
        self.assertEqual((spend.amount_paid, spend.amount_bonus), (-500.0, -50.0))
        self.assertEqual(
            self.lines(spend),
            {self.liability: 500.0, bonus_account: 50.0, self.clearing: -550.0},
        )

    def test_charge_key_reused_with_another_clearing_account_is_refused(self):
        card = self.card_1000_100()
        key = self.key()
        spend = card.charge(10.0, key, counterpart_account=self.clearing)
        self.assertEqual(card.charge(10.0, key, counterpart_account=self.clearing), spend)
        with self.assertRaises(UserError):
            card.charge(10.0, key)

    def test_charge_from_bonus_only_against_clearing(self):
        card = self.new_card()
        card.adjust("bonus only", self.key(), bonus=40.0)
        spend = card.charge(25.0, self.key(), ref="pos", counterpart_account=self.clearing)
        self.assertEqual((spend.amount_paid, spend.amount_bonus), (0.0, -25.0))
        self.assertEqual(
            self.lines(spend),
            {self.company.card_bonus_discount_account_id: 25.0, self.clearing: -25.0},
        )

    def test_charge_without_clearing_is_unchanged(self):
        card = self.card_1000_100()
        spend = card.charge(550.0, self.key(), ref="x")
        self.assertEqual(self.lines(spend), {self.liability: 500.0, self.revenue: -500.0})

    def test_spend_refund_is_proportional_and_mirrors_the_entry(self):
        card = self.card_1000_100()
        spend = card.charge(550.0, self.key(), ref="pos", counterpart_account=self.clearing)
        refund = card.refund_spend(spend, 110.0, self.key(), ref="pos refund")
        self.assertEqual(refund.kind, "spend_refund")
        self.assertEqual((refund.amount_paid, refund.amount_bonus), (100.0, 10.0))
        self.assertEqual((card.balance_paid, card.balance_bonus), (600.0, 60.0))
        self.assertEqual(
            self.lines(refund),
            {
                self.liability: -100.0,
                self.company.card_bonus_discount_account_id: -10.0,
                self.clearing: 110.0,
            },
        )

    def test_spend_refund_of_a_revenue_spend_reverses_revenue(self):
        card = self.card_1000_100()
        spend = card.charge(550.0, self.key(), ref="x")
        refund = card.refund_spend(spend.id, 550.0, self.key())
        self.assertEqual((refund.amount_paid, refund.amount_bonus), (500.0, 50.0))
        self.assertEqual(self.lines(refund), {self.liability: -500.0, self.revenue: 500.0})

    def test_spend_refund_is_capped_by_what_is_left_of_the_spend(self):
        card = self.card_1000_100()
        spend = card.charge(33.33, self.key(), counterpart_account=self.clearing)
        first = card.refund_spend(spend, 10.0, self.key())
        second = card.refund_spend(spend, 23.33, self.key())
        self.assertAlmostEqual(first.amount_total + second.amount_total, 33.33, places=2)
        self.assertAlmostEqual(first.amount_paid + second.amount_paid, -spend.amount_paid, places=2)
        self.assertAlmostEqual(
            first.amount_bonus + second.amount_bonus, -spend.amount_bonus, places=2
        )
        with self.assertRaises(UserError):
            card.refund_spend(spend, 0.01, self.key())
        other = card.charge(10.0, self.key())
        with self.assertRaises(UserError):
            card.refund_spend(other, 10.01, self.key())

    def test_spend_refund_is_idempotent_and_refuses_a_reused_key(self):
        card = self.card_1000_100()
        spend = card.charge(550.0, self.key(), counterpart_account=self.clearing)
        key = self.key()
        first = card.refund_spend(spend, 110.0, key)
        self.assertEqual(card.refund_spend(spend, 110.0, key), first)
        self.assertEqual((card.balance_paid, card.balance_bonus), (600.0, 60.0))
        with self.assertRaises(UserError):
            card.refund_spend(spend, 50.0, key)
        other = card.charge(10.0, self.key())
        with self.assertRaises(UserError):
            card.refund_spend(other, 110.0, key)

    def test_spend_refund_refuses_a_move_that_is_not_a_spend_of_the_card(self):
        card = self.card_1000_100()
        topup = card.move_ids.filtered(lambda m: m.kind == "topup")
        with self.assertRaises(UserError):
            card.refund_spend(topup, 1.0, self.key())
        other_card = self.card_1000_100()
        other_spend = other_card.charge(10.0, self.key())
        with self.assertRaises(UserError):
            card.refund_spend(other_spend, 1.0, self.key())

    def test_liability_report_equals_the_gl_after_pos_charges_and_refunds(self):
        cards = [self.card_1000_100() for _n in range(3)]
        spends = [
            cards[0].charge(123.45, self.key(), counterpart_account=self.clearing),
            cards[1].charge(333.33, self.key(), counterpart_account=self.clearing),
            cards[2].charge(0.07, self.key()),
        ]
        cards[0].refund_spend(spends[0], 23.45, self.key())
        cards[1].refund_spend(spends[1], 333.33, self.key())
        cards[2].refund_spend(spends[2], 0.03, self.key())
        self.env.flush_all()
        today = self.Card._today()
        report = self.Card._liability_by_type(today)
        self.Move._cron_post_card_accounting()  # the GL equals the report after the batch
        gl = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.liability.id),
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertAlmostEqual(sum(report.values()), -sum(gl.mapped("balance")), places=2)
        paid = sum(self.Card.search([("company_id", "=", self.company.id)]).mapped("balance_paid"))
        self.assertAlmostEqual(sum(report.values()), paid, places=2)
        self.assertLedgerSound()
