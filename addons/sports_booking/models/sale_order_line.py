from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    sports_booking_ids = fields.One2many(
        comodel_name="sports.booking", inverse_name="sale_line_id", string="Court Bookings"
    )
