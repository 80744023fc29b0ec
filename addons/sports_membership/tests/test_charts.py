import uuid

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

# (field, account type, the l10n_cn parent account it sits under on the small-business chart)
ARENA_ACCOUNTS = (
    ("card_liability_account_id", "liability_current", "2203"),
    ("card_deposit_account_id", "liability_current", "2241"),
    ("card_revenue_account_id", "income", "5001"),
    ("card_refund_fee_account_id", "income_other", "5051"),
    ("card_bonus_discount_account_id", "income", "5001"),
)


@tagged("post_install", "-at_install")
class TestArenaAccountsOnAnyChart(TransactionCase):
    """Issue 15: Arena forces no chart. Its accounts are created on Odoo's generic chart
    and on l10n_cn alike (there as sub-accounts of the natural Chinese accounts), and a
    card sale and spend post balanced entries on both."""

    def company_on(self, template):
        Chart = self.env["account.chart.template"]
        module = Chart._get_chart_template_mapping(get_all=True).get(template, {}).get("module")
        installed = self.env["ir.module.module"].search(
            [("name", "=", module or "-"), ("state", "=", "installed")]
        )
        if not installed:
            self.skipTest(f"The chart {template} is not installed (its module: {module}).")
        company = self.env["res.company"].create(
            {"name": f"Arena books on {template}", "country_id": self.env.ref("base.cn").id}
        )
        self.env.user.company_ids = [Command.link(company.id)]
        Chart.try_loading(template, company, install_demo=False)
        self.assertEqual(company.chart_template, template)
        return company

    def sell_and_spend(self, company):
        """A stored-value card with a deposit sold, topped up and spent in ``company``."""
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        card_type = env["sports.card.type"].create(
            {
                "name": "Chart Stored Value",
                "kind": "stored_value",
                "deposit": 20.0,
                "company_id": company.id,
                "topup_ids": [Command.create({"amount_min": 100.0, "bonus": 10.0})],
            }
        )
        holder = env["res.partner"].create({"name": "Li Na", "phone": "13800138123"})
        card = env["sports.card"].create({"type_id": card_type.id, "partner_id": holder.id})
        card.topup(100.0, str(uuid.uuid4()), ref="wx")
        spend = card.charge(55.0, str(uuid.uuid4()), ref="court")
        return card, spend

    def assertBalancedCardBooks(self, company, card, spend):
        card.move_ids._post_pending_accounting()  # the spend's entry is the batch's
        entries = card.move_ids.account_move_id
        self.assertTrue(entries)
        for entry in entries:
            self.assertEqual(entry.state, "posted")
            self.assertEqual(entry.company_id, company)
            self.assertEqual(entry.currency_id, company.currency_id)
            self.assertAlmostEqual(
                sum(entry.line_ids.mapped("debit")), sum(entry.line_ids.mapped("credit"))
            )
        # 100 paid + 10 bonus; 55 spent is 50 paid money (revenue) and 5 bonus.
        lines = {line.account_id: line.balance for line in spend.account_move_id.line_ids}
        self.assertEqual(
            lines,
            {company.card_liability_account_id: 50.0, company.card_revenue_account_id: -50.0},
        )
        liability = self.env["account.move.line"].search(
            [("account_id", "=", company.card_liability_account_id.id)]
        )
        self.assertAlmostEqual(sum(liability.mapped("balance")), -50.0)

    def assertArenaAccounts(self, company):
        company._arena_card_accounting()
        for field, account_type, _parent in ARENA_ACCOUNTS:
            account = company[field]
            self.assertTrue(account, field)
            self.assertEqual(account.account_type, account_type, field)
            self.assertEqual(account.company_ids, company, field)
        self.assertEqual(company.card_journal_id.type, "general")
        self.assertIn(company.card_payment_journal_id.type, ("bank", "cash"))

    def test_generic_chart(self):
        company = self.company_on("generic_coa")
        self.assertArenaAccounts(company)
        card, spend = self.sell_and_spend(company)
        self.assertBalancedCardBooks(company, card, spend)

    def test_chinese_small_business_chart(self):
        company = self.company_on("cn")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertArenaAccounts(company)
        Account = self.env["account.account"].with_company(company)
        for field, _type, parent in ARENA_ACCOUNTS:
            # An account's code depends on the company it is read in.
            account = company[field].with_company(company)
            # A sub-account of the natural l10n_cn account, which the chart has.
            self.assertRegex(account.code, rf"^{parent}\.\d\d$", field)
            self.assertTrue(Account.search_count([("code", "=", parent)]), parent)
        self.assertEqual(company.card_liability_account_id.with_company(company).code, "2203.01")
        self.assertEqual(company.card_deposit_account_id.with_company(company).code, "2241.01")
        card, spend = self.sell_and_spend(company)
        self.assertBalancedCardBooks(company, card, spend)
