from datetime import date

from odoo import fields, models

DASHBOARD_GROUPS = "sports_venue.group_arena_manager,account.group_account_invoice"


class SportsStall(models.Model):
    """The operator dashboard's figures of a stall: this month's sales, the commission
    earned this year (from its settlements) and the sales not settled yet."""

    _inherit = "sports.stall"

    dashboard_month_sales = fields.Monetary(
        string="Sales This Month",
        compute="_compute_dashboard",
        groups=DASHBOARD_GROUPS,
        help="Paid POS sales of the stall since the first of the month, net of refunds.",
    )
    dashboard_unsettled_sales = fields.Monetary(
        string="Unsettled Sales",
        compute="_compute_dashboard",
        groups=DASHBOARD_GROUPS,
        help="Paid POS sales that no settlement run has settled yet (open sessions included).",
    )
    dashboard_year_commission = fields.Monetary(
        string="Commission This Year",
        compute="_compute_dashboard",
        groups=DASHBOARD_GROUPS,
        help="Commission and minimum-guarantee top-ups of the stall's settlements of "
        "periods ending this year.",
    )

    def _compute_dashboard(self):
        today = fields.Date.context_today(self)
        month_start, year_start = today.replace(day=1), date(today.year, 1, 1)
        Report = self.env["sports.stall.sales.report"]
        month = dict(
            Report._read_group(
                [("stall_id", "in", self.ids), ("date", ">=", month_start)],
                ["stall_id"],
                ["amount:sum"],
            )
        )
        unsettled = dict(
            Report._read_group(
                [("stall_id", "in", self.ids), ("settled", "=", False)],
                ["stall_id"],
                ["amount:sum"],
            )
        )
        commission = {
            stall: earned + topup
            for stall, earned, topup in self.env["sports.stall.settlement"]._read_group(
                [("stall_id", "in", self.ids), ("date_to", ">=", year_start)],
                ["stall_id"],
                ["commission_amount:sum", "guarantee_topup:sum"],
            )
        }
        for stall in self:
            stall.dashboard_month_sales = month.get(stall, 0.0)
            stall.dashboard_unsettled_sales = unsettled.get(stall, 0.0)
            stall.dashboard_year_commission = commission.get(stall, 0.0)
