from odoo import fields, models


class SportsCoachPayrollInput(models.Model):
    """The payroll input line of an employed coach's commission. Payroll itself is
    Odoo Enterprise; this record is what it (or the payroll clerk) reads."""

    _name = "sports.coach.payroll.input"
    _description = "Coach Payroll Input"
    _order = "date desc, id desc"
    _check_company_auto = True

    employee_id = fields.Many2one(
        comodel_name="hr.employee", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    statement_id = fields.Many2one(
        comodel_name="sports.coach.statement", readonly=True, ondelete="restrict"
    )
    code = fields.Char(default="COACH_COMMISSION", required=True)
    date = fields.Date(required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True)
    state = fields.Selection(
        [("to_pay", "To Pay"), ("paid", "Paid")], default="to_pay", required=True
    )
