from odoo import api, fields, models

from .sports_stall_contract import check_rate


class SportsStallCommission(models.Model):
    """The commission rate of a contract on a product category (and its sub-categories)."""

    _name = "sports.stall.commission"
    _description = "Stall Commission Rate"
    _order = "contract_id, categ_id"

    contract_id = fields.Many2one(
        comodel_name="sports.stall.contract", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", required=True
    )
    rate = fields.Float(string="Commission (%)", digits=(5, 2), required=True)

    _rate_valid = models.Constraint(
        "CHECK(rate >= 0 AND rate <= 100)", "A commission rate is between 0% and 100%."
    )
    _categ_unique = models.Constraint(
        "UNIQUE(contract_id, categ_id)", "A contract has one commission rate per category."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_rate(self.env, vals.get("rate"), self.env._("A commission rate"))
        return super().create(vals_list)

    def write(self, vals):
        check_rate(self.env, vals.get("rate"), self.env._("A commission rate"))
        return super().write(vals)
