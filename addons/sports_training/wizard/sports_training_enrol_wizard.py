from odoo import api, fields, models
from odoo.exceptions import UserError


class SportsTrainingEnrolWizard(models.TransientModel):
    """Enrol an attendee from the course form (backend channel)."""

    _name = "sports.training.enrol.wizard"
    _description = "Enrol in a Training Course"

    course_id = fields.Many2one(
        comodel_name="sports.training.course", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Attendee", required=True)
    birthdate = fields.Date(
        string="Date of Birth",
        help="Kept on the attendee's contact; a course with an age range needs it.",
    )
    parent_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Enrolled By",
        help="Who pays; empty: the attendee's parent contact, or the attendee.",
    )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        self.birthdate = self.partner_id.sports_birthdate
        if self.partner_id.parent_id and not self.partner_id.parent_id.is_company:
            self.parent_partner_id = self.partner_id.parent_id

    def action_enrol(self):
        """Enrol the attendee and open the new enrolment."""
        self.env["sports.training.enrolment"].check_access("create")
        self.ensure_one()
        self.course_id.check_access("read")
        if not self.course_id.exists():
            raise UserError(self.env._("This course no longer exists."))
        if self.birthdate and self.birthdate != self.partner_id.sports_birthdate:
            self.partner_id.sports_birthdate = self.birthdate
        enrolment = self.course_id._enrol(
            self.partner_id, parent=self.parent_partner_id or None, channel="backend"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sports.training.enrolment",
            "res_id": enrolment.id,
            "view_mode": "form",
            "target": "current",
        }
