from odoo import fields, models


class SportsStallSettlement(models.Model):
    """A merchant's settlement of one stall for a run's period.

    To the cent: gross = commission + guarantee top-up + fees + rent (the charges,
    untaxed) + tax on the charges + net amount. The vendor bill is the merchant's gross (it clears the stall collections liability);
    the customer invoice is the charges with the operator's sales taxes; both are netted
    by reconciliation, leaving net_amount to pay the merchant.
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
