from odoo import fields, models

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class SportsTrainingCourseSlot(models.Model):
    """One weekly line of a term's schedule, in the venue's local time."""

    _name = "sports.training.course.slot"
    _description = "Training Course Schedule Line"
    _order = "course_id, weekday, hour_from"

    course_id = fields.Many2one(
        comodel_name="sports.training.course", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="course_id.company_id", store=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="5")
    hour_from = fields.Float(string="From", required=True, default=9.0)
    hour_to = fields.Float(string="To", required=True, default=10.0)
    space_id = fields.Many2one(
        comodel_name="sports.space",
        help="Where this line's sessions take place; empty: the course's space.",
    )
    coach_id = fields.Many2one(
        comodel_name="hr.employee", help="Who teaches this line; empty: the course's coach."
    )

    _hours_valid = models.Constraint(
        "CHECK(hour_from >= 0 AND hour_to <= 24 AND hour_to > hour_from)",
        "A schedule line must end after it starts, within the day.",
    )
