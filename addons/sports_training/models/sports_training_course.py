from odoo import api, fields, models

COURSE_STATES = [
    ("draft", "Draft"),
    ("open", "Open for Enrolment"),
    ("running", "Running"),
    ("done", "Finished"),
    ("cancelled", "Cancelled"),
]


class SportsTrainingCourse(models.Model):
    """A group class or a private lesson, over a term with a fixed weekly schedule.

    ``seats_taken`` counts the confirmed (and pending-payment) enrolments; it is only
    changed by guarded UPDATEs (``seats_taken < capacity``) and a CHECK keeps it within
    the capacity, so concurrent enrolments never overfill a course: the loser goes to the
    waitlist."""

    _name = "sports.training.course"
    _description = "Training Course"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(readonly=True, copy=False, default="/", index=True)
    company_id = fields.Many2one(related="venue_id.company_id", store=True, index=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, index=True, check_company=True
    )
    space_id = fields.Many2one(
        comodel_name="sports.space",
        required=True,
        check_company=True,
        domain="[('venue_id', '=', venue_id)]",
        help="Where its sessions take place, unless a schedule line says otherwise.",
    )
    sport_id = fields.Many2one(comodel_name="sports.sport", required=True, index=True)
    level_id = fields.Many2one(comodel_name="sports.training.level", index=True)
    kind = fields.Selection(
        [("group", "Group Class"), ("private", "Private Lesson")],
        required=True,
        default="group",
    )
    age_min = fields.Integer(string="Minimum Age")
    age_max = fields.Integer(string="Maximum Age", help="0: no upper limit.")
    capacity = fields.Integer(required=True, default=12)
    seats_taken = fields.Integer(readonly=True, copy=False, default=0)
    seats_left = fields.Integer(compute="_compute_seats_left")
    price_mode = fields.Selection(
        [("term", "Per Term"), ("session", "Per Session")], required=True, default="term"
    )
    price = fields.Monetary(required=True, default=0.0)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        comodel_name="product.product",
        readonly=True,
        copy=False,
        help="The service product enrolments are sold with (created with the course).",
    )
    qualification_kind_id = fields.Many2one(
        comodel_name="sports.coach.qualification.kind",
        string="Required Qualification",
        help="Its coaches must hold a valid certificate of this kind.",
    )
    coach_id = fields.Many2one(
        comodel_name="hr.employee",
        domain="[('is_coach', '=', True)]",
        check_company=True,
        tracking=True,
    )
    date_start = fields.Date(string="Term Start", required=True)
    date_end = fields.Date(string="Term End", required=True)
    slot_ids = fields.One2many(
        comodel_name="sports.training.course.slot", inverse_name="course_id", copy=True
    )
    makeup_count = fields.Integer(
        string="Make-up Sessions",
        default=0,
        help="Sessions added after the term's end for those skipped by holidays and closures.",
    )
    session_ids = fields.One2many(comodel_name="sports.training.session", inverse_name="course_id")
    enrolment_ids = fields.One2many(
        comodel_name="sports.training.enrolment", inverse_name="course_id"
    )
    state = fields.Selection(
        COURSE_STATES, required=True, default="draft", index=True, tracking=True, copy=False
    )
    website_published = fields.Boolean(string="Shown on the Portal", default=True)
    description = fields.Html(translate=True)

    _capacity_positive = models.Constraint(
        "CHECK(capacity > 0)", "A course needs at least one place."
    )
    _seats_within_capacity = models.Constraint(
        "CHECK(seats_taken >= 0 AND seats_taken <= capacity)",
        "This course is full.",
    )
    _ages_valid = models.Constraint(
        "CHECK(age_min >= 0 AND age_max >= 0 AND (age_max = 0 OR age_max >= age_min))",
        "The age range is not valid.",
    )
    _dates_valid = models.Constraint(
        "CHECK(date_end >= date_start)", "A term must end on or after its start."
    )
    _price_positive = models.Constraint("CHECK(price >= 0)", "A price cannot be negative.")

    @api.depends("capacity", "seats_taken")
    def _compute_seats_left(self):
        for course in self:
            course.seats_left = max(course.capacity - course.seats_taken, 0)
