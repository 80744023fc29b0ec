from odoo import api, fields, models

SESSION_STATES = [
    ("planned", "Planned"),
    ("done", "Taught"),
    ("cancelled", "Cancelled"),
]


class SportsTrainingSession(models.Model):
    """One meeting of a course: its space is booked through the booking engine
    (``booking_id``, channel ``training``), and PostgreSQL refuses a coach two sessions
    that overlap (``_coach_no_overlap``)."""

    _name = "sports.training.session"
    _description = "Training Session"
    _inherit = ["mail.thread"]
    _order = "start_at, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    course_id = fields.Many2one(
        comodel_name="sports.training.course", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="course_id.company_id", store=True, index=True)
    venue_id = fields.Many2one(related="course_id.venue_id", store=True, index=True)
    level_id = fields.Many2one(related="course_id.level_id", store=True, index=True)
    space_id = fields.Many2one(
        comodel_name="sports.space", required=True, check_company=True, tracking=True
    )
    coach_id = fields.Many2one(
        comodel_name="hr.employee",
        index=True,
        check_company=True,
        tracking=True,
    )
    start_at = fields.Datetime(string="Start", required=True, index=True, tracking=True)
    end_at = fields.Datetime(string="End", required=True, tracking=True)
    state = fields.Selection(
        SESSION_STATES, required=True, default="planned", index=True, tracking=True
    )
    is_makeup = fields.Boolean(
        string="Make-up Session",
        readonly=True,
        help="Added after the term's end for a session skipped by a holiday or a closure.",
    )
    cancel_reason = fields.Char(readonly=True)
    booking_id = fields.Many2one(
        comodel_name="sports.booking",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The booking that holds the space for this session.",
    )
    attendance_ids = fields.One2many(
        comodel_name="sports.training.attendance", inverse_name="session_id"
    )
    capacity = fields.Integer(related="course_id.capacity")
    seats_taken = fields.Integer(
        compute="_compute_seats_taken",
        help="Expected attendees: the course's enrolments and the make-ups booked in.",
    )
    attendee_count = fields.Integer(string="Present", compute="_compute_seats_taken")

    _range_valid = models.Constraint(
        "CHECK(end_at > start_at)", "A session must end after it starts."
    )
    # Named sports_training_session_coach_no_overlap; btree_gist comes with sports_booking.
    _coach_no_overlap = models.Constraint(
        "EXCLUDE USING gist (coach_id WITH =, "
        "tstzrange(start_at AT TIME ZONE 'UTC', end_at AT TIME ZONE 'UTC', '[)') WITH &&) "
        "WHERE (state != 'cancelled' AND coach_id IS NOT NULL)",
        "This coach already teaches another session at this time.",
    )

    @api.depends("course_id.name", "start_at")
    def _compute_name(self):
        for session in self:
            if session.start_at and session.course_id:
                local = session.course_id.venue_id._localize(session.start_at)
                session.name = f"{session.course_id.name} · {local:%Y-%m-%d %H:%M}"
            else:
                session.name = session.course_id.name or ""

    @api.depends("attendance_ids.state")
    def _compute_seats_taken(self):
        groups = self.env["sports.training.attendance"]._read_group(
            [("session_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["session_id", "state"],
            ["__count"],
        )
        taken, present = {}, {}
        for session, state, count in groups:
            taken[session.id] = taken.get(session.id, 0) + count
            if state == "present":
                present[session.id] = count
        for session in self:
            session.seats_taken = taken.get(session.id, 0)
            session.attendee_count = present.get(session.id, 0)

    @api.model
    def _cron_close_sessions(self):
        """Owned by ATTEND: mark taught sessions done and expected seats absent."""
        return True
