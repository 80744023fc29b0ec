from odoo import api, fields, models
from odoo.exceptions import UserError


class SportsStallSettlement(models.Model):
    """A merchant's settlement of one stall for a run's period.

    To the cent: gross = commission + guarantee top-up + fees + rent (the charges,
    untaxed) + tax on the charges + net amount. The vendor bill is the merchant's gross (it
    clears the stall's collections liability); the customer invoice is the charges with the
    operator's sales taxes; both are netted by reconciliation, leaving net_amount to pay
    the merchant.
    """

    _name = "sports.stall.settlement"
    _description = "Stall Settlement"
    _order = "date_to desc, stall_id"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    run_id = fields.Many2one(
        comodel_name="sports.stall.settlement.run",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    stall_id = fields.Many2one(
        comodel_name="sports.stall",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    contract_id = fields.Many2one(
        comodel_name="sports.stall.contract",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Merchant", required=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted")],
        required=True,
        default="draft",
        index=True,
    )
    line_ids = fields.One2many(
        comodel_name="sports.stall.settlement.line",
        inverse_name="settlement_id",
        string="Daily Breakdown",
    )
    gross_amount = fields.Monetary(string="Sales", help="Sales net of refunds, tax included.")
    commission_amount = fields.Monetary(string="Commission")
    guarantee_topup = fields.Monetary(string="Minimum-guarantee Top-up")
    fee_amount = fields.Monetary(string="Payment Fees", help="The fees passed on.")
    rent_amount = fields.Monetary(string="Rent")
    charges_tax = fields.Monetary(string="Tax on Charges")
    charges_total = fields.Monetary(
        string="Charges", help="Commission, top-up, fees and rent, with their tax."
    )
    net_amount = fields.Monetary(string="Due to Merchant", help="Sales minus charges.")
    bill_id = fields.Many2one(
        comodel_name="account.move", string="Vendor Bill", readonly=True, copy=False
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move", string="Charges Invoice", readonly=True, copy=False
    )
    netting_move_id = fields.Many2one(
        comodel_name="account.move", string="Netting Entry", readonly=True, copy=False
    )
    session_settled_ids = fields.One2many(
        comodel_name="sports.stall.session.settled",
        inverse_name="settlement_id",
        string="Settled Sessions",
    )

    def write(self, vals):
        self._check_run_open()
        return super().write(vals)

    def unlink(self):
        self._check_run_open()
        return super().unlink()

    def _check_run_open(self):
        if self.run_id.filtered(lambda r: r.state == "done"):
            raise UserError(
                self.env._("A settlement of a settled run is read-only: it is in the books.")
            )

    @api.model
    def _create_from_plans(self, run, plans):
        """The run's settlements (with their lines and session markers) from its plans
        (``_plan_settlements``), amounts to the cent; their documents come after."""
        currency = run.currency_id
        vals_list = []
        for plan in plans:
            contract = plan["contract"]
            if contract.cycle != run.cycle:
                raise UserError(
                    self.env._(
                        "The contract %(contract)s of stall %(stall)s is settled %(cycle)s: "
                        "settle it in a run of that cycle.",
                        contract=contract.name,
                        stall=plan["stall"].display_name,
                        cycle=dict(contract._fields["cycle"]._description_selection(self.env))[
                            contract.cycle
                        ],
                    )
                )
            lines = []
            for line in plan["lines"]:
                gross = line["gross_amount"]
                lines.append(
                    {
                        "date": line["date"],
                        "categ_id": line["categ_id"],
                        "payment_method_id": line["payment_method_id"],
                        "order_count": line["order_count"],
                        "gross_amount": gross,
                        "commission_amount": currency.round(
                            gross * line["commission_rate"] / 100
                        ),
                        "fee_amount": currency.round(gross * line["fee_rate"] / 100),
                    }
                )
            gross = currency.round(sum(line["gross_amount"] for line in lines))
            commission = currency.round(sum(line["commission_amount"] for line in lines))
            fees = currency.round(sum(line["fee_amount"] for line in lines))
            # Only a contract with a minimum guarantee tops up (a refund-only run has a
            # negative commission: it is not topped up to zero).
            topup = (
                currency.round(max(0.0, contract.min_guarantee - commission))
                if contract.min_guarantee
                else 0.0
            )
            vals_list.append(
                {
                    "name": self.env["ir.sequence"].next_by_code("sports.stall.settlement")
                    or "/",
                    "run_id": run.id,
                    "stall_id": plan["stall"].id,
                    "contract_id": contract.id,
                    "partner_id": contract.partner_id.id,
                    "company_id": run.company_id.id,
                    "date_from": run.date_from,
                    "date_to": run.date_to,
                    "line_ids": [fields.Command.create(vals) for vals in lines],
                    "gross_amount": gross,
                    "commission_amount": commission,
                    "guarantee_topup": topup,
                    "fee_amount": fees,
                    "rent_amount": contract.rent_amount,
                    "session_settled_ids": [
                        fields.Command.create(
                            {"session_id": session_id, "stall_id": plan["stall"].id}
                        )
                        for session_id in plan["session_ids"]
                    ],
                }
            )
        return self.create(vals_list)

    # ------------------------------------------------------------------ buttons

    def action_view_bill(self):
        """The settlement's vendor bill (the merchant's sales)."""
        self.ensure_one()
        return self._action_view_move(self.bill_id)

    def action_view_invoice(self):
        """The settlement's customer invoice (commission, top-up, fees and rent)."""
        self.ensure_one()
        return self._action_view_move(self.invoice_id)

    def _action_view_move(self, move):
        self.check_access("read")
        if not move:
            raise UserError(
                self.env._("Settlement %(name)s has no such document.", name=self.name)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
