from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    sports_ticket_ids = fields.One2many(
        comodel_name="sports.access.entitlement",
        inverse_name="sale_line_id",
        string="Tickets",
        help="The tickets this line sold, issued when the order was confirmed.",
    )
