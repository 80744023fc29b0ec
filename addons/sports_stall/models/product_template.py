from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sports_stall_id = fields.Many2one(
        comodel_name="sports.stall",
        string="Stall",
        check_company=True,
        index="btree_not_null",
        help="The merchant stall that sells this product: its sales at a shared till are "
        "the stall's. The product takes the stall's product category (income: the stall's "
        "collections account) and POS category (its kitchen printer), and carries no "
        "customer taxes: the merchant's sales are not the operator's taxable sales.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("sports_stall_id"):
                # The company's default sales tax is a default, not a choice: a stall's
                # product has none (explicit taxes are refused by the constraint).
                vals.setdefault("taxes_id", [fields.Command.clear()])
                self._sports_stall_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("sports_stall_id"):
            vals = dict(vals)
            self._sports_stall_vals(vals, self)
        return super().write(vals)

    @api.model
    def _sports_stall_vals(self, vals, templates=None):
        """Put a stall's products in the stall's product category (unless a sub-category
        of it is chosen) and POS category."""
        stall = self.env["sports.stall"].browse(vals["sports_stall_id"])
        if not vals.get("company_id") and (
            templates is None or not any(templates.mapped("company_id"))
        ):
            # A stall's product is its company's (the stall's accounts are).
            vals["company_id"] = stall.company_id.id
        category = stall.product_category_id
        chosen = self.env["product.category"].browse(vals.get("categ_id"))
        if category and not (chosen and chosen.parent_path.startswith(category.parent_path)):
            if (
                vals.get("categ_id")
                or not templates
                or any(
                    not t.categ_id.parent_path.startswith(category.parent_path) for t in templates
                )
            ):
                vals["categ_id"] = category.id
        if stall.pos_category_id:
            vals["pos_categ_ids"] = [
                *vals.get("pos_categ_ids", []),
                fields.Command.link(stall.pos_category_id.id),
            ]

    @api.constrains("sports_stall_id", "taxes_id", "categ_id", "property_account_income_id")
    def _check_sports_stall_accounting(self):
        """A stall's product carries no customer taxes, and its income account is the
        stall's collections account: the session move then credits exactly the merchant's
        sales to the stall."""
        for template in self.filtered("sports_stall_id"):
            stall = template.sports_stall_id
            company = stall.company_id
            taxes = template.taxes_id.filtered_domain(
                self.env["account.tax"]._check_company_domain(company)
            )
            if taxes:
                raise ValidationError(
                    self.env._(
                        "%(product)s is sold for the stall %(stall)s: remove its customer "
                        "taxes (%(taxes)s). The merchant's sales are not the operator's "
                        "taxable sales; the operator's own taxes go on the commission, rent "
                        "and fees it invoices to the merchant.",
                        product=template.display_name,
                        stall=stall.display_name,
                        taxes=", ".join(taxes.mapped("name")),
                    )
                )
            income = template.with_company(company)._get_product_accounts()["income"]
            if stall.collections_account_id and income != stall.collections_account_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s is sold for the stall %(stall)s: its income account "
                        "must be the stall's collections account %(account)s, not "
                        "%(income)s. Put it in the stall's product category and clear its "
                        "own income account.",
                        product=template.display_name,
                        stall=stall.display_name,
                        account=stall.collections_account_id.display_name,
                        income=income.display_name or self.env._("none"),
                    )
                )

    @api.model
    def _load_pos_data_fields(self, config):
        # A shared till refuses, before payment, the products of no stall.
        return [*super()._load_pos_data_fields(config), "sports_stall_id"]
