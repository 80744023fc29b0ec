from odoo import api, fields, models


class PosOrderLine(models.Model):
    """A line that enrols an attendee in a course at the desk: the POS sends the course
    and the attendee, the server enrols when it saves the paid order."""

    _inherit = "pos.order.line"

    sports_training_course_id = fields.Many2one(
        comodel_name="sports.training.course",
        string="Course",
        index="btree_not_null",
        help="The course this line enrols its attendee in.",
    )
    sports_training_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Attendee",
        help="Who attends: the customer, or a child of theirs.",
    )
    sports_training_enrolment_id = fields.Many2one(
        comodel_name="sports.training.enrolment",
        string="Enrolment",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The enrolment made when the server accepted the order.",
    )

    @api.model
    def _load_pos_data_fields(self, config):
        fields_ = super()._load_pos_data_fields(config)
        if fields_:
            fields_ += [
                "sports_training_course_id",
                "sports_training_partner_id",
                "sports_training_enrolment_id",
            ]
        return fields_
