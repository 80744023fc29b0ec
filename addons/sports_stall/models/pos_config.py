from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    sports_stall_id = fields.Many2one(
        comodel_name="sports.stall",
        string="Stall",
        check_company=True,
        index="btree_not_null",
        help="A stall's own till: every line sold here is the stall's.",
    )
    sports_stall_shared = fields.Boolean(
        string="Shared by Stalls",
        help="A food court's shared till: each product sold here must belong to a stall, "
        "and each line is attributed to its product's stall.",
    )
