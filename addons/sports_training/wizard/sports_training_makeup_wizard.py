from odoo import api, fields, models


class SportsTrainingMakeupWizard(models.TransientModel):
    """Book a make-up (补课) of a missed seat in one of the eligible sessions."""

    _name = "sports.training.makeup.wizard"
    _description = "Book a Make-up Session"

    attendance_id = fields.Many2one(
        comodel_name="sports.training.attendance",
        string="Missed Session",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="attendance_id.partner_id")
    eligible_session_ids = fields.Many2many(
        comodel_name="sports.training.session", compute="_compute_eligible_session_ids"
    )
    session_id = fields.Many2one(
        comodel_name="sports.training.session",
        string="Make-up Session",
        required=True,
        domain="[('id', 'in', eligible_session_ids)]",
    )

    @api.depends("attendance_id")
    def _compute_eligible_session_ids(self):
        for wizard in self:
            wizard.eligible_session_ids = wizard.attendance_id._makeup_sessions()

    def action_book(self):
        """Book the chosen make-up session and show the new seat."""
        # Staff only (the seat's write right): the booking below runs under sudo.
        self.env["sports.training.attendance"].check_access("write")
        self.ensure_one()
        seat = self.attendance_id._book_makeup(self.session_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sports.training.attendance",
            "res_id": seat.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
