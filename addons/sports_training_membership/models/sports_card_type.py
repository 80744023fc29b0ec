from odoo import fields, models


class SportsCardType(models.Model):
    _inherit = "sports.card.type"

    training_course_ids = fields.Many2many(
        comodel_name="sports.training.course",
        relation="sports_card_type_training_course_rel",
        column1="type_id",
        column2="course_id",
        string="Class Pack Courses",
        help="A count card limited to these courses is a class pack (课时卡): each session "
        "attended by an enrolment paid with it uses one entry.",
    )
