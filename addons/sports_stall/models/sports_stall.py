from odoo import api, fields, models


class SportsStall(models.Model):
    """A merchant stall (档口) of a sports complex: a place in a venue rented to a merchant.

    The merchant, the rent and the commission are on the stall's contracts
    (``sports.stall.contract``); a stall never has two overlapping contracts. Sales are
    attributed to a stall on each POS order line (``pos.order.line.sports_stall_id``).
    """

    _name = "sports.stall"
    _description = "Merchant Stall"
    _order = "venue_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="The stall's number on the venue's floor plan, e.g. F1-03.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    area_id = fields.Many2one(
        comodel_name="sports.area",
        domain="[('venue_id', '=', venue_id)]",
        ondelete="set null",
        help="Where the stall is, e.g. the food court.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="venue_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [
            ("food", "Food"),
            ("drinks", "Drinks"),
            ("shop", "Sports shop"),
            ("training", "Training"),
            ("kids", "Kids' park"),
            ("wellness", "Massage and wellness"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    product_category_id = fields.Many2one(
        comodel_name="product.category",
        ondelete="restrict",
        copy=False,
        help="The category of the stall's products. Its income account is the stall's "
        "collections liability: the operator collects the merchant's money. Created with "
        "the stall when empty.",
    )
    collections_account_id = fields.Many2one(
        comodel_name="account.account",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The stall's own liability for the money the operator collects for the "
        "merchant (代收商户款): the income account of the stall's product category, so the "
        "POS session move credits each stall's sales to it, and each settlement's vendor "
        "bill clears it.",
    )
    pos_category_id = fields.Many2one(
        comodel_name="pos.category",
        string="POS Category",
        ondelete="restrict",
        copy=False,
        help="The POS category of the stall's products, which routes their kitchen tickets "
        "to the stall's printer. Created with the stall when empty.",
    )
    printer_id = fields.Many2one(
        comodel_name="pos.printer",
        string="Kitchen Printer",
        check_company=True,
        ondelete="set null",
        help="The stall's kitchen printer: at a shared till, the tickets of the stall's "
        "products print there. Add the printer to the shared till's order printers.",
    )
    pos_config_ids = fields.One2many(
        comodel_name="pos.config",
        inverse_name="sports_stall_id",
        string="Own Tills",
        help="Points of sale that sell for this stall only.",
    )
    contract_ids = fields.One2many(
        comodel_name="sports.stall.contract", inverse_name="stall_id", string="Contracts"
    )
    contract_id = fields.Many2one(
        comodel_name="sports.stall.contract",
        string="Current Contract",
        compute="_compute_contract_id",
        help="The contract in force today (active or suspended).",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Merchant",
        compute="_compute_contract_id",
        help="The merchant of the current contract.",
    )

    _code_unique = models.Constraint(
        "UNIQUE(venue_id, code)", "Two stalls of a venue cannot share a number."
    )
    _pos_category_unique = models.Constraint(
        "UNIQUE(pos_category_id)",
        "Each stall has a POS category of its own: it routes the stall's kitchen tickets.",
    )
    _category_unique = models.Constraint(
        "UNIQUE(product_category_id)",
        "Each stall has a product category of its own: its income account is the stall's "
        "collections account.",
    )

    @api.depends(
        "contract_ids.state",
        "contract_ids.date_start",
        "contract_ids.date_end",
        "contract_ids.partner_id",
    )
    def _compute_contract_id(self):
        today = fields.Date.context_today(self)
        for stall in self:
            stall.contract_id = stall.contract_ids.filtered(
                lambda c: (
                    c.state in ("active", "suspended")
                    and c.date_start <= today
                    and (not c.date_end or c.date_end >= today)
                )
            )[:1]
            stall.partner_id = stall.contract_id.partner_id

    # ------------------------------------------------------------------ set-up

    @api.model_create_multi
    def create(self, vals_list):
        stalls = super().create(vals_list)
        stalls._sports_stall_setup()
        return stalls

    def write(self, vals):
        routing = {"printer_id", "pos_category_id"} & set(vals)
        old = [(stall.printer_id, stall.pos_category_id) for stall in self] if routing else []
        result = super().write(vals)
        if "product_category_id" in vals:
            self._sports_stall_setup()
        for printer, category in old:
            # sudo: the stall's manager keeps the printer's routing in step with the stall,
            # a POS setting they may not write otherwise.
            printer.sudo().product_categories_ids -= category
        if routing:
            self._sports_stall_route_printer()
        return result

    def _sports_stall_setup(self):
        """Give each stall its collections account, its product category (income: that
        account) and its POS category, and route its printer."""
        for stall in self:
            company = stall.company_id
            if not stall.collections_account_id:
                stall.collections_account_id = company._arena_account_create(
                    "stall_collections",
                    self.env._("Stall collections: %(stall)s", stall=stall.name),
                    "liability_current",
                    reconcile=True,
                )
            if not stall.product_category_id:
                # sudo: product categories are inventory/accounting set-up; this one is
                # the stall's own.
                stall.product_category_id = (
                    self.env["product.category"]
                    .sudo()
                    .create({"name": self.env._("Stall: %(stall)s", stall=stall.name)})
                )
            category = stall.product_category_id.with_company(company)
            if category.property_account_income_categ_id != stall.collections_account_id:
                # sudo: a company-dependent property of the stall's own category.
                category.sudo().property_account_income_categ_id = stall.collections_account_id
            if not stall.pos_category_id:
                # sudo: POS categories are POS managers' records; this one is the stall's.
                stall.pos_category_id = self.env["pos.category"].sudo().create({"name": stall.name})
        self._sports_stall_route_printer()

    def _sports_stall_route_printer(self):
        """Keep each stall's POS category among its printer's printed categories."""
        for stall in self.filtered(lambda s: s.printer_id and s.pos_category_id):
            if stall.pos_category_id not in stall.printer_id.product_categories_ids:
                # sudo: see write.
                stall.printer_id.sudo().product_categories_ids |= stall.pos_category_id
