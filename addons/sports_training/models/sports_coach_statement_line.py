from odoo import fields, models


class SportsCoachStatementLine(models.Model):
    _name = "sports.coach.statement.line"
    _description = "Coach Commission Statement Line"
    _order = "session_start, id"

    statement_id = fields.Many2one(
        comodel_name="sports.coach.statement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    session_id = fields.Many2one(comodel_name="sports.training.session", required=True)
    session_start = fields.Datetime(related="session_id.start_at")
    course_id = fields.Many2one(related="session_id.course_id")
    session_state = fields.Selection(related="session_id.state", string="Session Status")
    attendees = fields.Integer()
    currency_id = fields.Many2one(related="statement_id.currency_id")
    revenue = fields.Monetary()
    amount = fields.Monetary()
