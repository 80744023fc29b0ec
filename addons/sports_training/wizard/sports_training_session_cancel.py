from odoo import fields, models


class SportsTrainingSessionCancel(models.TransientModel):
    """Asks why sessions are cancelled; the reason goes into the attendees' notice."""

    _name = "sports.training.session.cancel"
    _description = "Cancel Training Sessions"

    session_ids = fields.Many2many(
        comodel_name="sports.training.session",
        string="Sessions",
        required=True,
        default=lambda self: (
            self.env.context.get("active_ids")
            if self.env.context.get("active_model") == "sports.training.session"
            else False
        ),
    )
    reason = fields.Char(required=True, size=200)

    def action_confirm(self):
        self.ensure_one()
        self.session_ids.action_cancel(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
