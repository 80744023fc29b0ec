from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    sports_card_id = fields.Many2one(
        comodel_name="sports.card",
        string="Member Card",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        readonly=True,
        help="The stored-value card this line tops up when the order is confirmed.",
    )
    sports_issued_card_ids = fields.One2many(
        comodel_name="sports.card",
        inverse_name="sale_line_id",
        string="Issued Cards",
        help="The member cards this line sold, issued when the order was confirmed.",
    )
