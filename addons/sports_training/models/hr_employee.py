from odoo import fields, models

COMMISSION_MODES = [
    ("session", "Per Session Taught"),
    ("attendee", "Per Attendee"),
    ("percent", "Percentage of Lesson Revenue"),
]


class HrEmployee(models.Model):
    """A coach is an employee. External coaches are paid by vendor bill (to their
    ``coach_partner_id``), employed coaches through a payroll input line."""

    _inherit = "hr.employee"

    is_coach = fields.Boolean(string="Is a Coach", index=True)
    coach_kind = fields.Selection(
        [("employee", "Employed"), ("external", "External (invoices us)")],
        default="employee",
        help="External coaches are paid by a vendor bill; employed coaches by a payroll input.",
    )
    coach_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Billing Contact",
        help="The vendor on the commission bills of an external coach.",
    )
    coach_qualification_ids = fields.One2many(
        comodel_name="sports.coach.qualification", inverse_name="employee_id"
    )
    coach_sport_ids = fields.Many2many(comodel_name="sports.sport", string="Sports Coached")
    # Pay terms: hidden from users without HR or Arena manager rights, so that reading
    # employees elsewhere (the POS loads its cashiers) never touches them.
    commission_mode = fields.Selection(
        COMMISSION_MODES,
        default="session",
        groups="hr.group_hr_user,sports_venue.group_arena_manager",
    )
    commission_rate = fields.Float(
        groups="hr.group_hr_user,sports_venue.group_arena_manager",
        digits=(12, 2),
        help="Per session or per attendee: an amount; per revenue: a percentage (0-100).",
    )
    coach_session_ids = fields.One2many(
        comodel_name="sports.training.session", inverse_name="coach_id"
    )

    _commission_rate_positive = models.Constraint(
        "CHECK(commission_rate >= 0)", "A commission rate cannot be negative."
    )
