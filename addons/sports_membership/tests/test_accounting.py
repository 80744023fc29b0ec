from datetime import timedelta

from odoo.tests import tagged

from .common import CardCase


@tagged("post_install", "-at_install")
class TestAccounting(CardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.liability = cls.company.card_liability_account_id
        cls.deposit = cls.company.card_deposit_account_id
        cls.revenue = cls.company.card_revenue_account_id
        cls.fee = cls.company.card_refund_fee_account_id
        cls.cash = cls.company.card_payment_journal_id.default_account_id

    def lines(self, move):
        """{account: balance} of a ledger move's journal entry (a spend's posted by the batch)."""
        move._post_pending_accounting()
        self.assertEqual(move.account_move_id.state, "posted")
        return {line.account_id: line.balance for line in move.account_move_id.line_ids}

    def test_defaults_exist_for_the_company(self):
        for account in (self.liability, self.deposit, self.revenue, self.fee):
            self.assertTrue(account.code)
        self.assertEqual(self.liability.account_type, "liability_current")
        self.assertEqual(self.company.card_journal_id.type, "general")
        self.assertIn(self.company.card_payment_journal_id.type, ("bank", "cash"))

    def test_each_operation_posts_its_entry(self):
        card = self.new_card()
        deposit_in = card.move_ids.filtered(lambda m: m.kind == "deposit_in")
        self.assertEqual(self.lines(deposit_in), {self.deposit: -20.0, self.cash: 20.0})
        topup = card.topup(1000.0, self.key(), ref="wx")
        self.assertEqual(self.lines(topup), {self.liability: -1000.0, self.cash: 1000.0})
        bonus = card.move_ids.filtered(lambda m: m.kind == "bonus")
        self.assertFalse(bonus.account_move_id, "bonus is not cash")
        spend = card.charge(550.0, self.key(), ref="x")
        # 1000 paid + 100 bonus: the spend is 10/11 paid money, recognised as revenue,
        # and 1/11 bonus, which is a discount and posts nothing.
        self.assertEqual((spend.amount_paid, spend.amount_bonus), (-500.0, -50.0))
        self.assertEqual(self.lines(spend), {self.liability: 500.0, self.revenue: -500.0})
        card.topup(200.0, self.key(), ref="wx")
        refund = card.refund()
        self.assertEqual(
            self.lines(refund), {self.liability: 700.0, self.cash: -630.0, self.fee: -70.0}
        )
        deposit_out = card.move_ids.filtered(lambda m: m.kind == "deposit_out")
        self.assertEqual(self.lines(deposit_out), {self.deposit: 20.0, self.cash: -20.0})

    def gl_balance(self, account, date):
        self.env.flush_all()
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", date),
                ("company_id", "=", self.company.id),
            ]
        )
        return round(sum(lines.mapped("balance")), 2)

    def test_liability_report_matches_the_general_ledger_to_the_cent(self):
        cards = [self.new_card(uid=f"GL{n}") for n in range(4)]
        amounts = [1000.0, 333.33, 77.77, 500.01]
        for card, amount in zip(cards, amounts, strict=True):
            card.topup(amount, self.key(), ref="wx")
        cards[0].charge(123.45, self.key(), ref="x")
        cards[1].charge(333.33, self.key(), ref="x")
        cards[2].charge(0.07, self.key(), ref="x")
        cards[3].refund()
        cards[2].adjust("fix", self.key(), paid=1.11)
        cards[0].replace("GL-NEW")
        today = self.Card._today()
        report = self.Card._liability_by_type(today)
        # The spends wait for the accounting batch: the GL lags until it runs.
        self.assertNotAlmostEqual(
            sum(report.values()), -self.gl_balance(self.liability, today), places=2
        )
        self.Move._cron_post_card_accounting()
        self.assertAlmostEqual(
            sum(report.values()), -self.gl_balance(self.liability, today), places=2
        )
        paid_on_cards = sum(
            self.Card.search([("company_id", "=", self.company.id)]).mapped("balance_paid")
        )
        self.assertAlmostEqual(sum(report.values()), paid_on_cards, places=2)
        yesterday = today - timedelta(days=1)
        self.assertAlmostEqual(
            sum(self.Card._liability_by_type(yesterday).values()),
            -self.gl_balance(self.liability, yesterday),
            places=2,
        )
