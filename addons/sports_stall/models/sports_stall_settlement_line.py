from odoo import fields, models


class SportsStallSettlementLine(models.Model):
    """One day, product category and payment method of a settlement, net of refunds."""

    _name = "sports.stall.settlement.line"
    _description = "Stall Settlement Line"
    _order = "settlement_id, date, categ_id, payment_method_id"
    _log_access = False

    settlement_id = fields.Many2one(
        comodel_name="sports.stall.settlement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    date = fields.Date(required=True, help="The order's day in the venue's time zone.")
    categ_id = fields.Many2one(comodel_name="product.category", string="Category")
    payment_method_id = fields.Many2one(comodel_name="pos.payment.method", string="Payment Method")
    order_count = fields.Integer(string="Orders")
    gross_amount = fields.Monetary(string="Sales")
    commission_amount = fields.Monetary(string="Commission")
    fee_amount = fields.Monetary(string="Payment Fees")

    def write(self, vals):
        self.settlement_id._check_run_open()
        return super().write(vals)

    def unlink(self):
        self.settlement_id._check_run_open()
        return super().unlink()
