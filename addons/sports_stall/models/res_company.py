from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sports_stall_collections_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Stall Collections Account",
        check_company=True,
        help="Liability for the money collected on behalf of merchant stalls: the income "
        "account of the stalls' product categories, cleared by each settlement's bill.",
    )
    sports_stall_charges_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Stall Charges Income Account",
        check_company=True,
        help="The operator's income from stall commission, rent and fees.",
    )
