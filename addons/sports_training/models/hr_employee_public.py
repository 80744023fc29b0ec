from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Whether an employee coaches, and for whom, is part of their public profile: users
    without HR rights (cashiers loading the POS, venue staff choosing a course's coach)
    read employees through it."""

    _inherit = "hr.employee.public"

    is_coach = fields.Boolean(string="Is a Coach", readonly=True)
    coach_kind = fields.Selection(
        [("employee", "Employed"), ("external", "External (invoices us)")], readonly=True
    )
    coach_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Billing Contact", readonly=True
    )
