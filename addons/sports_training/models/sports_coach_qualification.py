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
        """One activity per certificate that entered "expiring", once (``warned``): to the
        coach's manager's user, else to the Arena managers of the coach's company."""
        today = fields.Date.context_today(self)
        # sudo: the cron warns about every company's certificates.
        candidates = self.sudo().search(
            [("warned", "=", False), ("date_expiry", ">=", today)], order="date_expiry, id"
        )
        expiring = candidates.filtered(lambda q: q.state == "expiring")
        if not expiring:
            return True
        managers_group = self.env.ref("sports_venue.group_arena_manager", raise_if_not_found=False)
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model = self.env["ir.model"]._get_id("hr.employee")
        activity_vals = []
        for qualification in expiring:
            employee = qualification.employee_id
            users = employee.parent_id.user_id
            if not users and managers_group:
                users = managers_group.all_user_ids.filtered(
                    lambda u, company=employee.company_id: company in u.company_ids and not u.share
                )[:1]
            if not users:
                users = self.env.ref("base.user_admin", raise_if_not_found=False)
            activity_vals.append(
                {
                    "res_model_id": model,
                    "res_id": employee.id,
                    "user_id": users[:1].id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "date_deadline": qualification.date_expiry,
                    "summary": self.env._(
                        "Certificate %(number)s (%(kind)s) of %(coach)s expires on %(date)s",
                        number=qualification.number,
                        kind=qualification.kind_id.name,
                        coach=employee.name,
                        date=qualification.date_expiry,
                    ),
                }
            )
        self.env["mail.activity"].sudo().create(activity_vals)
        expiring.write({"warned": True})
        return True

    def write(self, vals):
        # A renewed certificate is warned about again when it nears its new expiry.
        if "date_expiry" in vals and "warned" not in vals:
            vals = dict(vals, warned=False)
        return super().write(vals)
