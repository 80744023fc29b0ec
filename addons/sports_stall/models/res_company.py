from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sports_stall_charges_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Stall Charges Income Account",
        check_company=True,
        help="The operator's income from stall commission, rent and fees: its own taxable "
        "services to the merchants, invoiced on each settlement.",
    )

    def _sports_stall_charges_account(self):
        """The company's income account for stall commission, rent and fees, created the
        first time it is needed."""
        self.ensure_one()
        if self.sports_stall_charges_account_id:
            return self.sports_stall_charges_account_id
        account = self._arena_account_create(
            "stall_charges", self.env._("Stall commission, rent and fees"), "income_other"
        )
        # sudo: set up once per company for managers who may not write the company.
        self.sudo().sports_stall_charges_account_id = account
        return account
