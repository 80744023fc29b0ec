from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sports_pos_needs_server = fields.Boolean(
        compute="_compute_sports_pos_needs_server",
        string="Sold Only Online in the POS",
        help="The POS sells this product only while it reaches the server: the sale issues "
        "a ticket, books a court or moves a member card, which the server must accept.",
    )
    sports_rental_ok = fields.Boolean(
        string="Rented at the Desk",
        help="An item lent at the front desk (a racket, a locker key, a swim ring): selling "
        "it in the POS adds its deposit, refunded when the item comes back.",
    )
    sports_rental_deposit_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Rental Deposit",
        check_company=True,
        help="The deposit taken with the item: an untaxed product whose income account is "
        "a rental deposit liability.",
    )

    def _compute_sports_pos_needs_server(self):
        """Ticket products; bridge addons add their own (bookings, cards, top-ups)."""
        # sudo: the cashier may not read ticket types; only which products they sell matters.
        types = (
            self.env["sports.ticket.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id.product_tmpl_id", "in", self.ids)])
        )
        ticket_templates = types.product_id.product_tmpl_id
        for template in self:
            template.sports_pos_needs_server = template in ticket_templates

    @api.constrains("sports_rental_ok", "sports_rental_deposit_product_id")
    def _check_sports_rental_deposit(self):
        for template in self.filtered("sports_rental_ok"):
            deposit = template.sports_rental_deposit_product_id
            if not deposit:
                raise ValidationError(
                    self.env._(
                        "%(item)s is rented at the desk: give it a rental deposit product.",
                        item=template.display_name,
                    )
                )
            if deposit.product_tmpl_id == template or deposit.sports_rental_ok:
                raise ValidationError(
                    self.env._("A rental deposit cannot itself be a rented item.")
                )
            company = template.company_id or self.env.company
            taxes = deposit.taxes_id.filtered_domain(
                self.env["account.tax"]._check_company_domain(company)
            )
            if taxes:
                raise ValidationError(
                    self.env._(
                        "The rental deposit %(deposit)s must be untaxed: a deposit is held "
                        "money, not a sale.",
                        deposit=deposit.display_name,
                    )
                )
            account = deposit.property_account_income_id
            if not account or account.account_type not in (
                "liability_current",
                "liability_non_current",
            ):
                raise ValidationError(
                    self.env._(
                        "The income account of the rental deposit %(deposit)s must be a "
                        "liability (the company's rental deposits account), so the deposit "
                        "is owed back, not earned.",
                        deposit=deposit.display_name,
                    )
                )

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "sports_pos_needs_server",
            "sports_rental_ok",
            "sports_rental_deposit_product_id",
        ]
