from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError


def _previous_month(today):
    date_to = today.replace(day=1) - timedelta(days=1)
    return date_to.replace(day=1), date_to


class SportsCoachStatementGenerate(models.TransientModel):
    """Generates the draft commission statements of a period (by default the previous
    month) for the chosen coaches, or every coach who taught in it."""

    _name = "sports.coach.statement.generate"
    _description = "Generate Coach Commission Statements"

    date_from = fields.Date(
        required=True,
        default=lambda self: _previous_month(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: _previous_month(fields.Date.context_today(self))[1],
    )
    employee_ids = fields.Many2many(
        comodel_name="hr.employee",
        string="Coaches",
        domain="[('is_coach', '=', True)]",
        help="Empty: every coach who taught in the period.",
    )

    def action_generate(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period must end on or after its start."))
        Statement = self.env["sports.coach.statement"]
        Statement.check_access("create")
        Statement._generate_period(
            self.date_from, self.date_to, employees=self.employee_ids or None
        )
        domain = [("date_from", "=", self.date_from), ("state", "!=", "cancelled")]
        if self.employee_ids:
            domain.append(("employee_id", "in", self.employee_ids.ids))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Commission Statements"),
            "res_model": "sports.coach.statement",
            "view_mode": "list,form",
            "domain": domain,
        }
