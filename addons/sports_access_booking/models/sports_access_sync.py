from datetime import timedelta

from odoo import fields, models

from odoo.addons.sports_access.models.sports_access_sync import _jsonable


class SportsAccessSync(models.AbstractModel):
    _inherit = "sports.access.sync"

    def _lights(self, venues):
        """The booked courts' light schedule of the next 48 hours, for the proxy to
        switch lights on and off by itself, even offline."""
        now = fields.Datetime.now()
        Space = self.env["sports.space"]
        return super()._lights(venues) + [
            dict(item, venue_id=venue.id)
            for venue in venues
            for item in _jsonable(Space.light_schedule(venue.id, now, now + timedelta(hours=48)))
        ]
