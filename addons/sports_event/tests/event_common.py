"""A venue open 06:00-22:00 (sports_booking's test venue) with a hall area and its gate,
and helpers to hold events there."""

from datetime import timedelta

from odoo.fields import Command

from odoo.addons.sports_booking.tests.common import BookingCase


class EventCase(BookingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area = cls.env["sports.area"].create({"name": "Hall", "venue_id": cls.venue.id})
        cls.pool = cls.env["sports.area"].create({"name": "Pool", "venue_id": cls.venue.id})
        (cls.half_a | cls.half_b | cls.full | cls.court2).area_id = cls.area
        Point = cls.env["sports.access.point"]
        Point.create(
            [
                {"name": "Hall", "code": "sev-hall-in", "area_id": cls.area.id},
                {"name": "Pool", "code": "sev-pool-in", "area_id": cls.pool.id},
            ]
        )
        cls.Event = cls.env["event.event"]
        cls.Registration = cls.env["event.registration"]

    @classmethod
    def make_event(cls, days=3, hour=9, hours=8, spaces=None, **vals):
        start = cls.local(days, hour)
        values = {
            "name": "Youth Basketball Cup",
            "date_tz": "Asia/Shanghai",
            "date_begin": start,
            "date_end": start + timedelta(hours=hours),
            "sports_venue_id": cls.venue.id,
            "sports_space_ids": [Command.set((spaces or cls.court2).ids)],
        }
        values.update(vals)
        return cls.Event.create(values)

    def live_blocks(self, event):
        return event.sports_block_ids.filtered(lambda b: b.state != "cancelled")

    def verify(self, token, at, point="sev-hall-in", direction="in"):
        return self.env["sports.access.gate"]._verify(
            token, point, self.venue, direction=direction, at=at
        )
