from odoo import api, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    @api.model_create_multi
    def create(self, vals_list):
        categories = super().create(vals_list)
        self.browse(
            [
                category.id
                for category, vals in zip(categories, vals_list, strict=True)
                if "property_account_income_categ_id" not in vals
            ]
        )._sports_stall_inherit_income()
        return categories

    def _sports_stall_inherit_income(self):
        """A sub-category of a stall's category (a stall's own commission rate on beer,
        say) books its income to the stall's collections account too, unless it says
        otherwise: the stall's products then stay agency sales."""
        subs = self.filtered(lambda c: c.parent_id)
        if not subs:
            return
        # sudo: whoever may create a category (an inventory manager) need not read the
        # stalls; only their categories and accounts are used here.
        stalls = (
            self.env["sports.stall"]
            .sudo()
            .search([("product_category_id", "parent_of", subs.parent_id.ids)])
        )
        for category in subs:
            stall = stalls.filtered(
                lambda s, c=category: c.parent_path.startswith(s.product_category_id.parent_path)
            )[:1]
            if not stall:
                continue
            category = category.with_company(stall.company_id)
            # sudo: a company-dependent property of the stall's own sub-category.
            category.sudo().property_account_income_categ_id = stall.collections_account_id
