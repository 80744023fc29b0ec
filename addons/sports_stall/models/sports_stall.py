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
        string="Area",
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
        string="Product Category",
        ondelete="restrict",
        help="The category of the stall's products. Its income account is the company's "
        "stall collections liability: the operator collects the merchant's money.",
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
