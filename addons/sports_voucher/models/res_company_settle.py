from odoo import fields, models


class ResCompany(models.Model):
    """The accounts a subsidy claim books on: the bureau's subsidy expense, and the
    operator's write-off of what the bureau does not reimburse."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    sports_voucher_subsidy_account_id = fields.Many2one(
        "account.account",
        string="Voucher Subsidy Expense",
        help="The bureau's expense for the voucher subsidies it pays to the venues.",
    )
    sports_voucher_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Voucher Subsidy Write-off",
        help="The operator's loss on voucher discounts the bureau refused to reimburse.",
    )

    def _sports_voucher_books(self, template=None):
        """Make sure the company keeps books: a company without a chart of accounts (demo
        bureaus have none) gets ``template`` (the operator's chart) or the generic one."""
        self.ensure_one()
        if self.chart_template:
            return
        # sudo: only administrators may load a chart; a bureau officer approving the
        # bureau's first subsidy claim needs its books, once, with a fixed template.
        chart = self.env["account.chart.template"].sudo()
        if self.env.registry.loaded:
            chart.try_loading(template or "generic_coa", self.sudo(), install_demo=False)
        else:
            # While the registry loads (demo data approving a claim), as sports_regulatory's
            # demo does: try_loading expects a loaded registry.
            chart._load(template or "generic_coa", self.sudo(), install_demo=False)

    def _sports_voucher_subsidy_account(self):
        """The bureau's subsidy expense account (管理费用), created the first time."""
        self.ensure_one()
        # sudo: the officer approving a claim may have no accounting rights; the account
        # has a fixed name, type and place, once per company.
        company = self.sudo()
        if not company.sports_voucher_subsidy_account_id:
            company.sports_voucher_subsidy_account_id = company._arena_account_create(
                "voucher_subsidy", self.env._("Sports voucher subsidies"), "expense"
            )
        return company.sports_voucher_subsidy_account_id

    def _sports_voucher_writeoff_account(self):
        """The operator's expense for voucher discounts that were not reimbursed."""
        self.ensure_one()
        # sudo: as above, the bureau officer approves in the operator's books too.
        company = self.sudo()
        if not company.sports_voucher_writeoff_account_id:
            company.sports_voucher_writeoff_account_id = company._arena_account_create(
                "voucher_subsidy", self.env._("Voucher discounts not reimbursed"), "expense"
            )
        return company.sports_voucher_writeoff_account_id
