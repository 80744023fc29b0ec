from odoo import fields, models

ATTENDANCE_STATES = [
    ("expected", "Expected"),
    ("present", "Present"),
    ("absent", "Absent"),
    ("excused", "Excused"),
    ("cancelled", "Cancelled"),
]


class SportsTrainingAttendance(models.Model):
    """One attendee's seat in one session: created ``expected`` for each session of a
    confirmed enrolment (or for a make-up booked into another session), marked present
    by the gate or by the coach, absent after the session. Each expected seat has its
    gate pass (``sports.access.entitlement``, kind ``training``)."""

    _name = "sports.training.attendance"
    _description = "Training Attendance"
    _order = "session_start desc, id"
    _check_company_auto = True

    session_id = fields.Many2one(
        comodel_name="sports.training.session",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    session_start = fields.Datetime(related="session_id.start_at", store=True)
    course_id = fields.Many2one(related="session_id.course_id", store=True, index=True)
    enrolment_id = fields.Many2one(
        comodel_name="sports.training.enrolment",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(related="enrolment_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)
    state = fields.Selection(ATTENDANCE_STATES, required=True, default="expected", index=True)
    source = fields.Selection(
        [("gate", "Gate"), ("coach", "Coach"), ("backend", "Backend")], readonly=True
    )
    checked_at = fields.Datetime(readonly=True)
    makeup_of_id = fields.Many2one(
        comodel_name="sports.training.attendance",
        string="Makes Up For",
        index="btree_not_null",
        ondelete="set null",
        help="The missed session this seat makes up (补课).",
    )
    made_up_by_id = fields.Many2one(
        comodel_name="sports.training.attendance",
        string="Made Up In",
        compute="_compute_made_up_by",
    )

    _one_seat_per_session = models.UniqueIndex(
        "(session_id, enrolment_id) WHERE state != 'cancelled'",
        "This attendee already has a seat in this session.",
    )
    _one_makeup = models.UniqueIndex(
        "(makeup_of_id) WHERE makeup_of_id IS NOT NULL AND state != 'cancelled'",
        "This missed session is already made up.",
    )

    def _compute_made_up_by(self):
        makeups = self.search([("makeup_of_id", "in", self.ids), ("state", "!=", "cancelled")])
        by_missed = {makeup.makeup_of_id.id: makeup for makeup in makeups}
        for attendance in self:
            attendance.made_up_by_id = by_missed.get(attendance.id, False)
