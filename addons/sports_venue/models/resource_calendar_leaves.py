from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "sports.opening.cache.mixin"]

    def _sports_opening_relevant(self):
        # An employee's (a resource's) time off never closes a venue; a closure names no
        # resource and either a venue's calendar or no calendar at all (the whole company).
        closures = self.filtered(lambda leave: not leave.resource_id)
        return bool(
            closures.filtered(lambda leave: not leave.calendar_id)
            or self._sports_venue_calendars(closures.calendar_id)
        )
