from odoo import api, fields, models


class SportsCoachQualification(models.Model):
    """A certificate a coach holds. An expired certificate blocks scheduling the coach for
    a course that requires its kind."""

    _name = "sports.coach.qualification"
    _description = "Coach Qualification"
    _order = "date_expiry, id"
    _check_company_auto = True

    employee_id = fields.Many2one(
        comodel_name="hr.employee", string="Coach", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    kind_id = fields.Many2one(
        comodel_name="sports.coach.qualification.kind", required=True, ondelete="restrict"
    )
    number = fields.Char(string="Certificate Number", required=True)
    date_issued = fields.Date()
    date_expiry = fields.Date(string="Expires On", required=True, index=True)
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )
    warned = fields.Boolean(
        readonly=True, copy=False, help="Its manager was warned that it expires soon."
    )

    _number_unique = models.Constraint(
        "UNIQUE(kind_id, number)", "This certificate number is already recorded for this kind."
    )

    @api.depends("date_expiry", "kind_id.warn_days")
    def _compute_state(self):
        # Owned by SCHED.
        today = fields.Date.context_today(self)
        for qualification in self:
            expiry = qualification.date_expiry
            if not expiry or expiry < today:
                qualification.state = "expired"
            elif (expiry - today).days <= qualification.kind_id.warn_days:
                qualification.state = "expiring"
            else:
                qualification.state = "valid"

    def _search_state(self, operator, value):
        # Owned by SCHED.
        today = fields.Date.context_today(self)
        if operator == "=" and value == "expired":
            return [("date_expiry", "<", today)]
        if operator in ("=", "!=") and value in ("valid", "expiring"):
            return [("date_expiry", ">=", today)]
        return []

    @api.model
    def _cron_warn_expiry(self):
        """Owned by SCHED: one activity per certificate that expires soon."""
        return True
