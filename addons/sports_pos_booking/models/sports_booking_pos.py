from odoo import fields, models


class SportsBooking(models.Model):
    """The POS order line that made a booking, and the refund line that cancelled it."""

    _inherit = "sports.booking"

    pos_order_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Order Line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The front desk line that sold this booking: a line books at most once.",
    )
    pos_order_id = fields.Many2one(
        comodel_name="pos.order",
        related="pos_order_line_id.order_id",
        string="POS Order",
        store=True,
        index="btree_not_null",
    )
    pos_refund_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Refund Line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The front desk refund that cancelled this booking.",
    )

    _pos_order_line_unique = models.Constraint(
        "UNIQUE(pos_order_line_id)", "A POS order line makes one booking only."
    )
