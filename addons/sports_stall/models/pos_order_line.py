from odoo import fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    sports_stall_id = fields.Many2one(
        comodel_name="sports.stall",
        string="Stall",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The merchant stall this line's sale belongs to, set when the line is created "
        "and never changed.",
    )
