from datetime import timedelta

from odoo import api, fields, models

# Sessions that ended longer ago than this are closed by the cron: their expected seats
# become absences.
CLOSE_AFTER = timedelta(hours=1)


class SportsTrainingSession(models.Model):
    """A session's seats follow it at the gate: cancelling the session revokes their passes,
    moving it (time or space) reissues them; closing a taught session turns the seats
    nobody took into absences."""

    _inherit = "sports.training.session"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        result = super().write(vals)
        if {"state", "start_at", "end_at", "space_id"} & set(vals):
            # sudo: the passes of the seats follow the session, whoever moves or cancels it.
            self.sudo().attendance_ids.filtered(
                lambda seat: seat.state in ("expected", "present")
            )._access_sync()
        return result

    @api.model
    def _cron_close_sessions(self):
        """Sessions ended more than an hour ago are done; their expected seats are absent.
        Idempotent: a second run finds nothing planned left to close."""
        limit = fields.Datetime.now() - CLOSE_AFTER
        sessions = self.search([("state", "=", "planned"), ("end_at", "<", limit)])
        if not sessions:
            return True
        seats = self.env["sports.training.attendance"].search(
            [("session_id", "in", sessions.ids), ("state", "=", "expected")]
        )
        seats.write({"state": "absent"})
        sessions.write({"state": "done"})
        return True
