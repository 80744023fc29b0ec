from odoo import models


class SportsCompliance(models.Model):
    _inherit = "sports.compliance"

    def action_print_self_report(self):
        """The yearly self-report of this row's venue and year."""
        self.ensure_one()
        self.check_access("read")
        return self.venue_id._sports_self_report_action(self.year)
