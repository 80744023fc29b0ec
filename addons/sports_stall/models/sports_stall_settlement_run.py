from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .sports_stall_contract import CYCLES

# The fields of a done run that may still change: the chatter's.
DONE_RUN_WRITABLE = {"message_main_attachment_id"}


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
    settlement_count = fields.Integer(compute="_compute_totals")
    gross_amount = fields.Monetary(string="Sales", compute="_compute_totals")
    net_amount = fields.Monetary(string="Due to Merchants", compute="_compute_totals")

    _dates_valid = models.Constraint(
        "CHECK(date_to >= date_from)", "A run's period ends on or after the day it starts."
    )

    @api.depends("settlement_ids.gross_amount", "settlement_ids.net_amount")
    def _compute_totals(self):
        for run in self:
            run.settlement_count = len(run.settlement_ids)
            run.gross_amount = sum(run.settlement_ids.mapped("gross_amount"))
            run.net_amount = sum(run.settlement_ids.mapped("net_amount"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("sports.stall.settlement.run") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - DONE_RUN_WRITABLE and self.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A settled run cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A settled run cannot be deleted."))
        return super().unlink()

    # ------------------------------------------------------------------ the run

    def action_run(self):
        """Settle the run: one settlement per stall with its lines, markers, bill, invoice
        and netting entry, then state done. Raises UserError on bad input and then writes
        nothing (everything happens under one savepoint)."""
        self.check_access("write")
        for run in self:
            try:
                with self.env.cr.savepoint():
                    run._settle()
            except Exception:
                # The savepoint is rolled back: forget what the cache still holds of it.
                self.env.invalidate_all()
                raise
        return True

    def _settle(self):
        self.ensure_one()
        self._lock_run()
        if self.state != "draft":
            raise UserError(self.env._("Run %(run)s is already settled.", run=self.name))
        stalls = self._settled_stalls()
        if not stalls:
            raise UserError(
                self.env._(
                    "Run %(run)s has no stall to settle: choose stalls, or give the venue's "
                    "stalls contracts of the run's cycle.",
                    run=self.name,
                )
            )
        self._lock_stalls(stalls)
        self._check_period_free(stalls)
        cutoff = self.cutoff or self.venue_id._day_bounds(self.date_to)[1]
        rows = self._query_rows(stalls, cutoff)
        plans = self._plan_settlements(stalls, rows)
        settlements = self.env["sports.stall.settlement"]._create_from_plans(self, plans)
        settlements._post_documents()
        self.write({"state": "done", "cutoff": cutoff})
        return settlements

    def _lock_run(self):
        """Two clicks on the button, or two users: the second waits, then sees done."""
        self.env.cr.execute(
            SQL("SELECT id FROM sports_stall_settlement_run WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset(["state"])

    def _lock_stalls(self, stalls):
        """Runs over the same stalls queue behind each other; the markers' UNIQUE
        constraint refuses what a concurrent run settled meanwhile."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_stall WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                stalls.ids,
            )
        )

    def _settled_stalls(self):
        """The run's stalls, or every stall of the venue with a contract of the run's cycle
        over the period."""
        if self.stall_ids:
            return self.stall_ids
        contracts = self.env["sports.stall.contract"].search(
            [
                ("venue_id", "=", self.venue_id.id),
                ("company_id", "=", self.company_id.id),
                ("cycle", "=", self.cycle),
                ("state", "in", ("active", "suspended", "ended")),
                ("date_start", "<=", self.date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_from),
            ]
        )
        return contracts.stall_id

    def _check_period_free(self, stalls):
        """A settled period is locked: no second run over it for the same stall."""
        done = self.env["sports.stall.settlement"].search(
            [
                ("stall_id", "in", stalls.ids),
                ("run_id.state", "=", "done"),
                ("run_id", "!=", self.id),
                ("date_from", "<=", self.date_to),
                ("date_to", ">=", self.date_from),
            ],
            limit=1,
        )
        if done:
            raise UserError(
                self.env._(
                    "Stall %(stall)s is already settled from %(start)s to %(end)s by run "
                    "%(run)s: a settled period is locked. Choose a period after it; late "
                    "sales and refunds fall into the next run by themselves.",
                    stall=done.stall_id.display_name,
                    start=done.date_from,
                    end=done.date_to,
                    run=done.run_id.name,
                )
            )

    # ------------------------------------------------------------------ buttons

    def action_view_settlements(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settlements"),
            "res_model": "sports.stall.settlement",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
            "context": {"create": False},
        }
