from odoo import models


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "sports.opening.cache.mixin"]

    def _sports_opening_relevant(self):
        return bool(self._sports_venue_calendars(self.calendar_id))
