from odoo import models


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "sports.opening.cache.mixin"]

    def _sports_opening_relevant(self):
        return bool(self._sports_venue_calendars(self))
