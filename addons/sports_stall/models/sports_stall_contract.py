from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("ended", "Ended"),
]
CYCLES = [("weekly", "Weekly"), ("monthly", "Monthly")]


def check_rate(env, rate, label):
    """A clear error for a percentage out of 0-100, before the database's CHECK refuses it
    (an INSERT hits the CHECK before any ``@api.constrains`` runs)."""
    if rate is not None and rate is not False and not 0 <= rate <= 100:
        raise ValidationError(
            env._("%(what)s is between 0%% and 100%%, not %(rate)s%%.", what=label, rate=rate)
        )


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
        domain="[('partner_id', 'child_of', partner_id)]",
        compute="_compute_bank_account_id",
        store=True,
        readonly=False,
        precompute=True,
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

    @api.depends("partner_id")
    def _compute_bank_account_id(self):
        """The merchant's first bank account, unless the one chosen is the merchant's."""
        for contract in self:
            merchant = contract.partner_id.commercial_partner_id
            if contract.bank_account_id.partner_id.commercial_partner_id == merchant and merchant:
                continue
            banks = contract.partner_id.bank_ids or merchant.bank_ids
            contract.bank_account_id = banks[:1]

    # ------------------------------------------------------------------ checks

    def _check_amounts_vals(self, vals):
        """Clear errors for what the CHECK constraints refuse, before the database does
        (an INSERT hits the CHECK before any ``@api.constrains`` runs)."""
        check_rate(self.env, vals.get("commission_rate"), self.env._("The default commission"))
        for field in ("rent_amount", "min_guarantee"):
            if (vals.get(field) or 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be negative.",
                        field=self._fields[field]._description_string(self.env),
                    )
                )
        if (
            vals.get("date_start")
            and vals.get("date_end")
            and fields.Date.to_date(vals["date_end"]) < fields.Date.to_date(vals["date_start"])
        ):
            raise ValidationError(self.env._("A contract ends on or after the day it starts."))

    def _check_overlap(self, candidates):
        """Refuse ``candidates`` (``(stall_id, date_start, date_end)``, the records'
        ids excluded) that overlap a contract of the same stall, with a clear message.
        The exclusion constraint stays the guarantee under concurrency; this check only
        names the conflicting contract."""
        # The exclusion constraint sees only what is flushed: pending dates first.
        self.env["sports.stall.contract"].flush_model(["stall_id", "date_start", "date_end"])
        candidates = [
            (stall_id, fields.Date.to_date(start), fields.Date.to_date(end))
            for stall_id, start, end in candidates
            if stall_id and start
        ]
        if not candidates:
            return
        others = self.with_context(active_test=False).search_fetch(
            [
                ("stall_id", "in", list({stall_id for stall_id, _s, _e in candidates})),
                ("id", "not in", self.ids),
            ],
            ["stall_id", "date_start", "date_end", "name", "partner_id"],
        )
        for stall_id, start, end in candidates:
            for other in others:
                if other.stall_id.id != stall_id:
                    continue
                if (not end or other.date_start <= end) and (
                    not other.date_end or other.date_end >= start
                ):
                    raise ValidationError(
                        self.env._(
                            "Stall %(stall)s already has contract %(contract)s (%(merchant)s) "
                            "from %(start)s to %(end)s. A stall never has two overlapping "
                            "contracts: end that one first, or choose other dates.",
                            stall=other.stall_id.display_name,
                            contract=other.name,
                            merchant=other.partner_id.display_name,
                            start=other.date_start,
                            end=other.date_end or self.env._("open end"),
                        )
                    )
        for index, first in enumerate(candidates):
            for second in candidates[index + 1 :]:
                if (
                    first[0] == second[0]
                    and (not first[2] or second[1] <= first[2])
                    and (not second[2] or first[1] <= second[2])
                ):
                    raise ValidationError(
                        self.env._("Two of these contracts overlap on the same stall.")
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_amounts_vals(vals)
        self._check_overlap(
            [(v.get("stall_id"), v.get("date_start"), v.get("date_end")) for v in vals_list]
        )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("sports.stall.contract") or "/"
        return super().create(vals_list)

    def write(self, vals):
        self._check_amounts_vals(vals)
        if {"stall_id", "date_start", "date_end"} & set(vals):
            self._check_overlap(
                [
                    (
                        vals.get("stall_id", contract.stall_id.id),
                        vals.get("date_start", contract.date_start),
                        vals["date_end"] if "date_end" in vals else contract.date_end,
                    )
                    for contract in self
                ]
            )
        return super().write(vals)

    # ------------------------------------------------------------------ states

    def _check_states(self, allowed, action):
        self.check_access("write")
        wrong = self.filtered(lambda c: c.state not in allowed)
        if wrong:
            names = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s: it cannot be %(action)s.",
                    contract=wrong[0].name,
                    state=names[wrong[0].state],
                    action=action,
                )
            )

    def action_activate(self):
        """Put the contracts in force; the merchant must have a bank account."""
        self._check_states(("draft", "suspended"), self.env._("activated"))
        for contract in self:
            merchant = contract.partner_id
            if not contract.bank_account_id:
                raise UserError(
                    self.env._(
                        "The merchant %(merchant)s has no bank account: add one to the "
                        "merchant (Contacts > %(merchant)s > Accounting) and choose it on "
                        "contract %(contract)s before activating it, so that its "
                        "settlements can be paid.",
                        merchant=merchant.display_name,
                        contract=contract.name,
                    )
                )
            if (
                contract.bank_account_id.partner_id.commercial_partner_id
                != merchant.commercial_partner_id
            ):
                raise UserError(
                    self.env._(
                        "The bank account %(bank)s is not the merchant %(merchant)s's.",
                        bank=contract.bank_account_id.display_name,
                        merchant=merchant.display_name,
                    )
                )
        self.state = "active"
        return True

    def action_suspend(self):
        """Suspend active contracts: the stall stops selling, its sales so far still
        settle."""
        self._check_states(("active",), self.env._("suspended"))
        self.state = "suspended"
        return True

    def action_end(self):
        """End the contracts today (or on their own end date when earlier), so that the
        stall can get a new contract from tomorrow."""
        self._check_states(("active", "suspended"), self.env._("ended"))
        today = fields.Date.context_today(self)
        for contract in self:
            end = min(contract.date_end or today, today)
            contract.write({"state": "ended", "date_end": max(end, contract.date_start)})
        return True

    def action_draft(self):
        """Back to draft, to correct a contract that no settlement used yet."""
        self._check_states(("active", "suspended", "ended"), self.env._("set back to draft"))
        settled = self.env["sports.stall.settlement"].search_count(
            [("contract_id", "in", self.ids)], limit=1
        )
        if settled:
            raise UserError(
                self.env._(
                    "A settlement was made on this contract: it cannot go back to draft. "
                    "End it and make a new contract instead."
                )
            )
        self.state = "draft"
        return True
