from odoo import api, fields, models

from .sports_stall_contract import check_rate


class SportsStallFee(models.Model):
    """The fee rate of a payment method on a contract's sales (CE payment methods have no
    fee field), passed on to the merchant or borne by the operator."""

    _name = "sports.stall.fee"
    _description = "Stall Payment Fee Rate"
    _order = "contract_id, payment_method_id"

    contract_id = fields.Many2one(
        comodel_name="sports.stall.contract", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    payment_method_id = fields.Many2one(comodel_name="pos.payment.method", required=True)
    rate = fields.Float(string="Fee (%)", digits=(5, 3), required=True)
    passed_on = fields.Boolean(
        default=True,
        help="Charged to the merchant on the settlement. Otherwise the operator bears it.",
    )

    _rate_valid = models.Constraint(
        "CHECK(rate >= 0 AND rate <= 100)", "A fee rate is between 0% and 100%."
    )
    _method_unique = models.Constraint(
        "UNIQUE(contract_id, payment_method_id)",
        "A contract has one fee rate per payment method.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_rate(self.env, vals.get("rate"), self.env._("A fee rate"))
        return super().create(vals_list)

    def write(self, vals):
        check_rate(self.env, vals.get("rate"), self.env._("A fee rate"))
        return super().write(vals)
