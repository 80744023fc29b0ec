from odoo import fields, models


class SportsVenue(models.Model):
    _inherit = "sports.venue"  # pylint: disable=consider-merging-classes-inherited

    def action_print_sports_self_report(self):
        """The yearly self-report (财教〔2014〕54号) of these venues, for the last year with a
        compliance row, or else last year."""
        self.check_access("read")
        last = self.env["sports.compliance"].search(
            [("venue_id", "in", self.ids)], order="year desc", limit=1
        )
        year = last.year or fields.Date.context_today(self).year - 1
        return self._sports_self_report_action(year)

    def _sports_self_report_action(self, year):
        report = self.env.ref("sports_regulatory.sports_venue_self_report_pdf")
        return report.report_action(self, data={"year": int(year)})
