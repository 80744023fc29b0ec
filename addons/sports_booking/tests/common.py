from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tests.common import open_every_day  # noqa: F401 (shared)


class BookingCase(TransactionCase):
    """A venue open 06:00-22:00 every day with a full court of two halves, two other
    courts, a light on the full court and simple prices; built in the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = DEFAULT_TZ
        cls.calendar = open_every_day(cls.env, "Open 6-22", 6, 22)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Test Arena",
                "code": "TBK",
                "resource_calendar_id": cls.calendar.id,
                "booking_window_days": 14,
                "booking_daily_limit_minutes": 180,
            }
        )
        Space = cls.env["sports.space"]
        cls.basketball = cls.env.ref("sports_venue.sport_basketball")
        cls.half_a = Space.create(
            {
                "name": "Half A",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(cls.basketball.ids)],
            }
        )
        cls.half_b = Space.create(
            {
                "name": "Half B",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(cls.basketball.ids)],
            }
        )
        cls.full = Space.create(
            {
                "name": "Full Court",
                "venue_id": cls.venue.id,
                "component_ids": [Command.set((cls.half_a | cls.half_b).ids)],
                "sport_ids": [Command.set(cls.basketball.ids)],
            }
        )
        cls.court2 = Space.create({"name": "Court 2", "venue_id": cls.venue.id})
        cls.light = cls.env["sports.device"].create(
            {
                "name": "Full court light",
                "identifier": "light-full",
                "kind": "light",
                "venue_id": cls.venue.id,
                "space_id": cls.full.id,
            }
        )
        cls.rule = cls.env["sports.price.rule"].create(
            {"name": "Standard", "venue_id": cls.venue.id, "price_per_hour": 100.0, "sequence": 100}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Zhang San"})
        cls.customer2 = cls.env["res.partner"].create({"name": "Li Si"})
        # Front-desk staff: creates bookings from forms, never in superuser mode.
        cls.desk = new_test_user(
            cls.env, login="booking_desk", groups="sports_venue.group_arena_user"
        )
        cls.Booking = cls.env["sports.booking"]

    @classmethod
    def local(cls, days, hour, minute=0):
        """UTC naive datetime of ``hour:minute`` local time ``days`` from today."""
        today = cls.venue._local_date(datetime.utcnow())
        local = datetime.combine(today + timedelta(days=days), datetime.min.time())
        return cls.venue._to_utc(local + timedelta(hours=hour, minutes=minute))

    def order_for(self, booking):
        """A sale order paying ``booking``, linked to it as the website does."""
        order = self.env["sale.order"].create(
            {
                "partner_id": booking.partner_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.env.ref("sports_booking.product_court_booking").id,
                            "name": booking.display_name,
                            "price_unit": booking.amount_total,
                            "product_uom_qty": 1,
                        }
                    )
                ],
            }
        )
        booking.sale_line_id = order.order_line
        return order

    def book(self, space, days, hour, hours=1, partner=None, **kwargs):
        start = self.local(days, hour)
        return self.Booking.book(
            space.id, start, start + timedelta(hours=hours), (partner or self.customer).id, **kwargs
        )
