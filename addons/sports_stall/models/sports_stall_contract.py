from odoo import api, fields, models

STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("ended", "Ended"),
]
CYCLES = [("weekly", "Weekly"), ("monthly", "Monthly")]


class SportsStallContract(models.Model):
    """A merchant's contract for a stall: dates, rent, commission, fees and the
    settlement cycle. A stall never has two overlapping contracts (an exclusion constraint
    in the database)."""

    _name = "sports.stall.contract"
    _description = "Stall Contract"
    _inherit = ["mail.thread"]
    _order = "stall_id, date_start desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    stall_id = fields.Many2one(
        comodel_name="sports.stall",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    venue_id = fields.Many2one(related="stall_id.venue_id", store=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="stall_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Merchant",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The merchant (a vendor with a bank account) the operator settles with.",
    )
    bank_account_id = fields.Many2one(
        comodel_name="res.partner.bank",
        string="Bank Account",
        domain="[('partner_id', 'child_of', partner_id)]",
        tracking=True,
        help="Where the merchant's settlements are paid. Required to activate the contract.",
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", tracking=True, help="Empty: open-ended.")
    state = fields.Selection(
        STATES, required=True, default="draft", copy=False, index=True, tracking=True
    )
    cycle = fields.Selection(
        CYCLES, string="Settlement Cycle", required=True, default="monthly", tracking=True
    )
    rent_amount = fields.Monetary(
        string="Rent per Period",
        tracking=True,
        help="Fixed rent charged on each settlement of the cycle (tax included).",
    )
    commission_rate = fields.Float(
        string="Default Commission (%)",
        digits=(5, 2),
        tracking=True,
        help="On sales of categories that have no rate of their own.",
    )
    commission_ids = fields.One2many(
        comodel_name="sports.stall.commission",
        inverse_name="contract_id",
        string="Commission by Category",
        copy=True,
    )
    min_guarantee = fields.Monetary(
        string="Minimum Guaranteed Commission",
        tracking=True,
        help="Per period: when the commission earned is lower, the merchant pays the "
        "difference (the minimum-guarantee top-up).",
    )
    fee_ids = fields.One2many(
        comodel_name="sports.stall.fee",
        inverse_name="contract_id",
        string="Payment Fees",
        copy=True,
    )
    charge_tax_ids = fields.Many2many(
        comodel_name="account.tax",
        string="Taxes on Charges",
        domain="[('type_tax_use', '=', 'sale'), ('company_id', 'parent_of', company_id)]",
        check_company=True,
        help="The operator's sales taxes on commission, rent and fees: its own taxable "
        "services, invoiced to the merchant.",
    )
    note = fields.Html()

    _rates_valid = models.Constraint(
        "CHECK(commission_rate >= 0 AND commission_rate <= 100)",
        "The default commission is between 0% and 100%.",
    )
    _amounts_valid = models.Constraint(
        "CHECK(rent_amount >= 0 AND min_guarantee >= 0)",
        "Rent and minimum guarantee cannot be negative.",
    )
    _dates_valid = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "A contract ends on or after the day it starts.",
    )
    # Named sports_stall_contract_no_overlap in the database; btree_gist comes from the
    # addon's pre_init_hook.
    _no_overlap = models.Constraint(
        "EXCLUDE USING gist (stall_id WITH =, daterange(date_start, date_end, '[]') WITH &&)",
        "This stall already has a contract for these dates. A stall never has two "
        "overlapping contracts.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("sports.stall.contract") or "/"
        return super().create(vals_list)
