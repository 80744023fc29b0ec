from odoo import api, fields, models
from odoo.exceptions import UserError


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

    # What the POS sends: plain ids, as it loads no courses (and may not have loaded the
    # child); the server checks them and fills the fields above before it enrols.
    sports_training_course_ref = fields.Integer(string="Course Id (POS)", copy=False)
    sports_training_attendee_ref = fields.Integer(string="Attendee Id (POS)", copy=False)

    @api.model
    def _load_pos_data_fields(self, config):
        fields_ = super()._load_pos_data_fields(config)
        if fields_:
            fields_ += ["sports_training_course_ref", "sports_training_attendee_ref"]
        return fields_

    def _sports_training_resolve(self):
        """Fill the course and the attendee of lines the POS named by id."""
        for line in self.filtered(lambda ln: ln.sports_training_course_ref and ln.qty > 0):
            if line.sports_training_course_id:
                continue
            # sudo: the cashier may not read courses; the desk checks the course after.
            course = (
                self.env["sports.training.course"]
                .sudo()
                .browse(line.sports_training_course_ref)
                .exists()
            )
            attendee = self.env["res.partner"].browse(line.sports_training_attendee_ref).exists()
            if not course or not attendee:
                raise UserError(
                    self.env._("This course line names a course or an attendee that is gone.")
                )
            line.write(
                {"sports_training_course_id": course.id, "sports_training_partner_id": attendee.id}
            )
