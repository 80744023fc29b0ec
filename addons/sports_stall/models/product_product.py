from odoo import api, fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("sports_stall_id"):
                # Before the defaults: the company's default sales tax is a default, not a
                # choice, and a stall's product has none (see product.template).
                vals.setdefault("taxes_id", [fields.Command.clear()])
        return super().create(vals_list)
