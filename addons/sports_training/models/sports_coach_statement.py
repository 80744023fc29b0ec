from odoo import api, fields, models


class SportsCoachStatement(models.Model):
    """A coach's monthly commission: the sessions taught, their attendees and revenue,
    and the amount by the coach's rule. Confirming it produces a vendor bill (external
    coach) or a payroll input line (employed coach)."""

    _name = "sports.coach.statement"
    _description = "Coach Commission Statement"
    _inherit = ["mail.thread"]
    _order = "date_from desc, employee_id"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/", index=True)
    employee_id = fields.Many2one(
        comodel_name="hr.employee", string="Coach", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    commission_mode = fields.Selection(
        related="employee_id.commission_mode", string="Rule", readonly=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        comodel_name="sports.coach.statement.line", inverse_name="statement_id", readonly=True
    )
    session_count = fields.Integer(string="Sessions", readonly=True)
    attendee_count = fields.Integer(string="Attendees", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue = fields.Monetary(string="Lesson Revenue", readonly=True)
    amount = fields.Monetary(string="Commission", readonly=True, tracking=True)
    move_id = fields.Many2one(
        comodel_name="account.move", string="Vendor Bill", readonly=True, copy=False
    )
    payroll_input_id = fields.Many2one(
        comodel_name="sports.coach.payroll.input", readonly=True, copy=False
    )

    _dates_valid = models.Constraint(
        "CHECK(date_to >= date_from)", "A statement must end on or after its start."
    )
    _one_per_period = models.UniqueIndex(
        "(employee_id, date_from) WHERE state != 'cancelled'",
        "This coach already has a statement for this period.",
    )

    @api.model
    def _cron_monthly_statements(self):
        """Owned by ATTEND: on the first days of a month, the previous month's drafts."""
        return True
