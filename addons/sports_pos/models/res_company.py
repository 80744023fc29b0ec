from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sports_rental_deposit_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Rental Deposits Account",
        check_company=True,
        help="Liability for the deposits taken on items rented at the front desk (rackets, "
        "locker keys): the income account of the rental deposit products.",
    )

    def _sports_rental_deposit_account(self):
        """The company's rental deposits account, created the first time it is needed."""
        self.ensure_one()
        if self.sports_rental_deposit_account_id:
            return self.sports_rental_deposit_account_id
        account = self._arena_account_create(
            "rental_deposit", self.env._("Rental deposits"), "liability_current"
        )
        self.sudo().sports_rental_deposit_account_id = account
        return account
