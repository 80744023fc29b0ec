from odoo import models


class SportsVenueStat(models.Model):
    """The nightly statistics also look for energy and water waste of the same day."""

    _inherit = "sports.venue.stat"  # pylint: disable=consider-merging-classes-inherited

    def _sports_after_nightly(self, day):
        result = super()._sports_after_nightly(day)
        self.env["sports.waste.alert"]._detect_days(day, day)
        return result
