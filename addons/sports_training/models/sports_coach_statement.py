from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


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

    # ------------------------------------------------------------------------------------
    # Generating
    # ------------------------------------------------------------------------------------
    @api.model
    def _generate(self, employee, date_from, date_to):
        """The coach's statement of ``date_from`` to ``date_to`` (local days of the
        sessions' venues): a new draft, or the existing one (a draft is computed again, a
        confirmed one is left as it is)."""
        employee.ensure_one()
        if date_to < date_from:
            raise UserError(self.env._("A statement must end on or after its start."))
        statement = self.search(
            [
                ("employee_id", "=", employee.id),
                ("date_from", "=", date_from),
                ("state", "!=", "cancelled"),
            ],
            limit=1,
        )
        if statement.state == "confirmed":
            return statement
        if not statement:
            statement = self.create(
                {
                    "name": self.env["ir.sequence"].next_by_code("sports.coach.statement") or "/",
                    "employee_id": employee.id,
                    "company_id": employee.company_id.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        elif statement.date_to != date_to:
            statement.date_to = date_to
        statement._compute_lines()
        return statement

    def _paid_sessions(self):
        """The sessions of the coach in the period that the commission pays: taught ones,
        and cancelled ones as the company's setting says."""
        self.ensure_one()
        margin = timedelta(days=1)
        sessions = self.env["sports.training.session"].search(
            [
                ("coach_id", "=", self.employee_id.id),
                ("state", "in", ("done", "cancelled")),
                ("start_at", ">=", datetime.combine(self.date_from - margin, time.min)),
                ("start_at", "<", datetime.combine(self.date_to + margin * 2, time.min)),
            ]
        )
        rule = self.company_id.training_commission_cancelled
        paid = sessions.browse()
        for session in sessions:
            day = session.venue_id._local_date(session.start_at)
            if not self.date_from <= day <= self.date_to:
                continue
            if session.state == "cancelled":
                if rule == "none":
                    continue
                if rule == "late" and (
                    not session.cancelled_at
                    or session.start_at - session.cancelled_at >= timedelta(hours=24)
                ):
                    continue
            paid |= session
        return paid

    def _compute_lines(self):
        """Write the statement's lines and totals. Per session: its attendees (present
        seats; for a paid cancelled session, the enrolments that expected it) and its
        revenue (a term course: the enrolments' amounts shared over the course's sessions
        that are not cancelled; a per-session course: the price per attendee); the amount
        by the coach's rule, rounded in the currency."""
        # sudo: lines are read-only to everyone; they are written only here, from the
        # sessions.
        Line = self.env["sports.coach.statement.line"].sudo()
        for statement in self:
            currency = statement.currency_id
            sessions = statement._paid_sessions()
            courses = sessions.course_id
            present = dict(
                (
                    (session.id, count)
                    for session, count in self.env["sports.training.attendance"]._read_group(
                        [("session_id", "in", sessions.ids), ("state", "=", "present")],
                        ["session_id"],
                        ["__count"],
                    )
                )
            )
            held = {
                course.id: count
                for course, count in self.env["sports.training.session"]._read_group(
                    [("course_id", "in", courses.ids), ("state", "!=", "cancelled")],
                    ["course_id"],
                    ["__count"],
                )
            }
            enrolments = self.env["sports.training.enrolment"]._read_group(
                [("course_id", "in", courses.ids), ("state", "in", ("confirmed", "done"))],
                ["course_id"],
                ["__count", "amount:sum"],
            )
            enrolled = {course.id: (count, total) for course, count, total in enrolments}
            employee = statement.employee_id
            rate = employee.commission_rate
            vals_list = []
            for session in sessions:
                course = session.course_id
                count, total = enrolled.get(course.id, (0, 0.0))
                attendees = present.get(session.id, 0) if session.state == "done" else count
                if course.price_mode == "term":
                    revenue = total / max(held.get(course.id, 0), 1)
                else:
                    revenue = course.price * attendees
                revenue = currency.round(revenue)
                if employee.commission_mode == "session":
                    amount = rate
                elif employee.commission_mode == "attendee":
                    amount = rate * attendees
                else:
                    amount = revenue * rate / 100
                vals_list.append(
                    {
                        "statement_id": statement.id,
                        "session_id": session.id,
                        "attendees": attendees,
                        "revenue": revenue,
                        "amount": currency.round(amount),
                    }
                )
            statement.line_ids.sudo().unlink()
            lines = Line.create(vals_list)
            statement.write(
                {
                    "session_count": len(lines),
                    "attendee_count": sum(lines.mapped("attendees")),
                    "revenue": currency.round(sum(lines.mapped("revenue"))),
                    "amount": currency.round(sum(lines.mapped("amount"))),
                }
            )
        return True

    @api.model
    def _cron_monthly_statements(self, today=None):
        """The previous month's draft of every coach who taught (or had cancelled)
        sessions in it and has no statement yet; idempotent."""
        today = today or fields.Date.context_today(self)
        date_to = today.replace(day=1) - timedelta(days=1)
        date_from = date_to.replace(day=1)
        return self._generate_period(date_from, date_to)

    @api.model
    def _generate_period(self, date_from, date_to, employees=None):
        margin = timedelta(days=1)
        domain = [
            ("coach_id", "!=", False),
            ("state", "in", ("done", "cancelled")),
            ("start_at", ">=", datetime.combine(date_from - margin, time.min)),
            ("start_at", "<", datetime.combine(date_to + margin * 2, time.min)),
        ]
        if employees is not None:
            domain.append(("coach_id", "in", employees.ids))
        # sudo: the cron and the wizard generate every coach's statement of the company.
        groups = self.env["sports.training.session"].sudo()._read_group(domain, ["coach_id"])
        existing = self.search(
            [("date_from", "=", date_from), ("state", "!=", "cancelled")]
        ).employee_id
        statements = self.browse()
        for (coach,) in groups:
            if coach in existing:
                continue
            statement = self._generate(coach, date_from, date_to)
            if statement.line_ids:
                statements |= statement
            else:
                statement.unlink()
        return statements

    # ------------------------------------------------------------------------------------
    # Confirming
    # ------------------------------------------------------------------------------------
    def action_confirm(self):
        """Confirm drafts: an external coach gets a draft vendor bill, an employed coach a
        payroll input line."""
        self.check_access("write")
        for statement in self:
            if statement.state != "draft":
                raise UserError(self.env._("%(name)s is not a draft.", name=statement.name))
            if statement.employee_id.coach_kind == "external" and not (
                statement.employee_id.coach_partner_id
            ):
                raise UserError(
                    self.env._(
                        "Give the external coach %(coach)s a billing contact first.",
                        coach=statement.employee_id.name,
                    )
                )
        with self.env.cr.savepoint():
            for statement in self:
                vals = {"state": "confirmed"}
                if statement.currency_id.is_zero(statement.amount):
                    pass
                elif statement.employee_id.coach_kind == "external":
                    vals["move_id"] = statement._create_bill().id
                else:
                    vals["payroll_input_id"] = statement._create_payroll_input().id
                statement.write(vals)
        return True

    def action_cancel(self):
        """Cancel statements whose bill is still a draft (the bill is cancelled too) and
        whose payroll input is not paid."""
        self.check_access("write")
        for statement in self:
            if statement.state == "cancelled":
                raise UserError(self.env._("%(name)s is cancelled already.", name=statement.name))
            if statement.move_id and statement.move_id.state == "posted":
                raise UserError(
                    self.env._(
                        "The bill %(bill)s is posted: reset it to draft before cancelling "
                        "%(name)s.",
                        bill=statement.move_id.name,
                        name=statement.name,
                    )
                )
            if statement.payroll_input_id.state == "paid":
                raise UserError(
                    self.env._("The commission of %(name)s is paid already.", name=statement.name)
                )
        with self.env.cr.savepoint():
            moves = self.move_id.filtered(lambda m: m.state == "draft")
            if moves:
                # sudo: the bill is a draft made by the statement; cancelling it with the
                # statement needs no accounting rights.
                moves.sudo().button_cancel()
            inputs = self.payroll_input_id
            self.write({"state": "cancelled", "payroll_input_id": False})
            # sudo: payroll inputs are created and removed only with their statement.
            inputs.sudo().unlink()
        return True

    def _expense_account(self):
        """The company's purchase journal and its default account, else an expense
        account of the company."""
        self.ensure_one()
        # sudo: Arena managers confirm commissions without accounting rights; they only
        # pick the journal and account of the draft bill.
        Journal = self.env["account.journal"].sudo()
        Account = self.env["account.account"].sudo()
        journal = Journal.search(
            [*Journal._check_company_domain(self.company_id), ("type", "=", "purchase")],
            limit=1,
        )
        account = journal.default_account_id
        if not account:
            account = Account.search(
                [*Account._check_company_domain(self.company_id), ("account_type", "=", "expense")],
                limit=1,
            )
        if not journal or not account:
            raise UserError(
                self.env._(
                    "%(company)s has no purchase journal or expense account: install a chart "
                    "of accounts first.",
                    company=self.company_id.name,
                )
            )
        return journal, account

    def _create_bill(self):
        self.ensure_one()
        journal, account = self._expense_account()
        # sudo: Arena managers confirm commissions without accounting rights; the bill
        # stays a draft for the accountant.
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "in_invoice",
                    "company_id": self.company_id.id,
                    "journal_id": journal.id,
                    "partner_id": self.employee_id.coach_partner_id.id,
                    "invoice_date": self.date_to,
                    "ref": self.name,
                    "currency_id": self.currency_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._(
                                    "Coaching commission %(name)s, %(start)s - %(end)s",
                                    name=self.name,
                                    start=self.date_from,
                                    end=self.date_to,
                                ),
                                "quantity": 1,
                                "price_unit": self.amount,
                                "account_id": account.id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _create_payroll_input(self):
        self.ensure_one()
        # sudo: payroll inputs are created only by confirming a statement.
        return (
            self.env["sports.coach.payroll.input"]
            .sudo()
            .create(
                {
                    "employee_id": self.employee_id.id,
                    "statement_id": self.id,
                    "date": self.date_to,
                    "amount": self.amount,
                }
            )
        )
