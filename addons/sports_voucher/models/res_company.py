from odoo import _, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sports_voucher_clearing_account_id = fields.Many2one(
        "account.account",
        string="Voucher Subsidy Receivable",
        help="Where the voucher discounts granted at this operator's venues wait for the "
        "bureau's subsidy (应收补贴). The subsidy invoice to the bureau clears it.",
    )

    def _sports_voucher_clearing_account(self):
        """The operator's voucher clearing account, created at its place in the chart the
        first time a voucher is redeemed at one of its venues, and set as the income account
        of the voucher product's category for this company, so that the discount line of a
        sale or POS order debits it."""
        self.ensure_one()
        # sudo: redemptions happen for portal members and cashiers without accounting
        # rights; the account has a fixed name, type and place, once per company.
        company = self.sudo()
        if not company.sports_voucher_clearing_account_id:
            company.sports_voucher_clearing_account_id = company._arena_account_create(
                "voucher_clearing", _("Voucher subsidies receivable"), "asset_current", True
            )
        category = self.env.ref("sports_voucher.product_category_voucher").sudo()
        category = category.with_company(company)
        if category.property_account_income_categ_id != company.sports_voucher_clearing_account_id:
            category.property_account_income_categ_id = company.sports_voucher_clearing_account_id
        return company.sports_voucher_clearing_account_id
