from odoo import fields, models, tools
from odoo.tools import SQL


class SportsDashboardProductSale(models.Model):
    """What each product sold, for the venue manager's top products: confirmed sale order
    lines (bookings, tickets, cards and goods sold at the desk or online), without the
    customers. Staff read it without reading sale orders."""

    _name = "sports.dashboard.product.sale"
    _description = "Product Sales (Dashboard)"
    _auto = False
    _order = "date desc"
    _rec_name = "product_id"

    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    date = fields.Date(readonly=True)
    quantity = fields.Float(readonly=True, digits=(12, 2))
    amount = fields.Monetary(string="Sales", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                   SELECT l.id, l.product_id, l.company_id, l.currency_id,
                          o.date_order::date AS date,
                          l.product_uom_qty AS quantity, l.price_subtotal AS amount
                     FROM sale_order_line l
                     JOIN sale_order o ON o.id = l.order_id
                    WHERE o.state = 'sale' AND l.product_id IS NOT NULL
                      AND l.display_type IS NULL)""",
                SQL.identifier(self._table),
            )
        )
