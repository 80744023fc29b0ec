from odoo import fields, models

ENROLMENT_STATES = [
    ("draft", "Draft"),
    ("pending", "Awaiting Payment"),
    ("confirmed", "Confirmed"),
    ("waitlist", "Waitlisted"),
    ("done", "Completed"),
    ("cancelled", "Cancelled"),
]
# States that hold one of the course's seats (counted in seats_taken).
SEAT_STATES = ("pending", "confirmed")


class SportsTrainingEnrolment(models.Model):
    """One attendee (a member, or a parent's child) in one course. A confirmed enrolment
    expects its attendee at each of the course's sessions (``sports.training.attendance``
    rows, each with its gate pass)."""

    _name = "sports.training.enrolment"
    _description = "Training Enrolment"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/", index=True)
    course_id = fields.Many2one(
        comodel_name="sports.training.course",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="course_id.company_id", store=True, index=True)
    venue_id = fields.Many2one(related="course_id.venue_id", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Attendee",
        required=True,
        index=True,
        help="Who attends: the member, or a child (a contact under the parent).",
    )
    parent_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Enrolled By",
        index=True,
        help="The parent or member who enrolled and pays; the attendee's parent for a child.",
    )
    state = fields.Selection(
        ENROLMENT_STATES, required=True, default="draft", index=True, tracking=True, copy=False
    )
    channel = fields.Selection(
        [("portal", "Portal"), ("backend", "Backend"), ("pos", "Point of Sale")],
        required=True,
        default="backend",
    )
    waitlist_at = fields.Datetime(
        readonly=True, copy=False, index=True, help="Waitlist order: first come, first promoted."
    )
    promoted_at = fields.Datetime(readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True, help="What the enrolment costs, from the course.")
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", readonly=True, copy=False, index="btree_not_null"
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id", store=True)
    attendance_ids = fields.One2many(
        comodel_name="sports.training.attendance", inverse_name="enrolment_id"
    )
    attended_count = fields.Integer(compute="_compute_attendance_counts")
    missed_count = fields.Integer(compute="_compute_attendance_counts")

    _one_live_enrolment = models.UniqueIndex(
        "(course_id, partner_id) WHERE state NOT IN ('cancelled', 'done')",
        "This attendee is already enrolled in (or waitlisted for) this course.",
    )

    def _compute_attendance_counts(self):
        groups = self.env["sports.training.attendance"]._read_group(
            [("enrolment_id", "in", self.ids), ("state", "in", ("present", "absent"))],
            ["enrolment_id", "state"],
            ["__count"],
        )
        counts = {(enrolment.id, state): count for enrolment, state, count in groups}
        for enrolment in self:
            enrolment.attended_count = counts.get((enrolment.id, "present"), 0)
            enrolment.missed_count = counts.get((enrolment.id, "absent"), 0)
