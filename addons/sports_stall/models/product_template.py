from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sports_stall_id = fields.Many2one(
        comodel_name="sports.stall",
        string="Stall",
        check_company=True,
        index="btree_not_null",
        help="The merchant stall that sells this product: its sales at a shared till are "
        "the stall's.",
    )
