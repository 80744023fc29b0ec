from odoo import fields, models

from .sports_stall_contract import CYCLES


class SportsStallSettlementRun(models.Model):
    """A settlement run (分账结算): over a period and a set of stalls, it settles the stall
    sales of the POS sessions closed before the cutoff that no run settled yet, into one
    settlement per stall with its vendor bill and customer invoice."""

    _name = "sports.stall.settlement.run"
    _description = "Stall Settlement Run"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, check_company=True, index=True
    )
    cycle = fields.Selection(CYCLES, required=True, default="monthly")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    cutoff = fields.Datetime(
        help="Sessions closed before this moment are settled. Default: the end of the "
        "period's last day in the venue's time zone."
    )
    stall_ids = fields.Many2many(
        comodel_name="sports.stall",
        string="Stalls",
        check_company=True,
        help="Empty: every stall of the venue with a contract of the run's cycle.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Settled")],
        required=True,
        default="draft",
        copy=False,
        index=True,
        tracking=True,
    )
    settlement_ids = fields.One2many(
        comodel_name="sports.stall.settlement", inverse_name="run_id", string="Settlements"
    )

    _dates_valid = models.Constraint(
        "CHECK(date_to >= date_from)", "A run's period ends on or after the day it starts."
    )
