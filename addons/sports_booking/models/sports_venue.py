from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SportsVenue(models.Model):
    _inherit = "sports.venue"

    booking_slot_minutes = fields.Integer(
        string="Slot Length (min)", default=60, help="Bookings start and end on this grid."
    )
    booking_min_minutes = fields.Integer(string="Minimum Duration (min)", default=60)
    booking_max_minutes = fields.Integer(string="Maximum Duration (min)", default=240)
    booking_window_days = fields.Integer(
        string="Booking Window (days)", default=7, help="How many days ahead members may book."
    )
    booking_release_hour = fields.Float(
        string="Daily Release Time",
        default=0.0,
        help="The venue's local time at which a new day opens for online bookings, e.g. "
        "08:00: the day D can be booked online from 08:00 on D minus the booking window. "
        "00:00 keeps a rolling window: a slot opens exactly that many days before it starts.",
    )
    booking_lead_minutes = fields.Integer(
        string="Lead Time (min)", default=0, help="Online bookings must start at least this late."
    )
    booking_hold_minutes = fields.Integer(
        string="Unpaid Hold (min)", default=15, help="An unpaid online booking expires after this."
    )
    booking_daily_limit_minutes = fields.Integer(
        string="Daily Limit per Member (min)",
        default=120,
        help="Online bookings of one customer per day at this venue; 0 means no limit.",
    )
    booking_cancel_free_hours = fields.Integer(
        string="Free Cancellation (hours before)", default=24
    )
    booking_cancel_fee_percent = fields.Float(string="Late Cancellation Fee (%)", default=50.0)
    booking_no_show_minutes = fields.Integer(
        string="No-show After (min)",
        default=15,
        help="A confirmed booking not checked in this long after its start is a no-show.",
    )
    light_lead_minutes = fields.Integer(string="Lights On Before (min)", default=5)
    light_grace_minutes = fields.Integer(string="Lights Off After (min)", default=5)

    _booking_settings_positive = models.Constraint(
        "CHECK(booking_slot_minutes > 0 AND booking_min_minutes > 0 "
        "AND booking_max_minutes >= booking_min_minutes AND booking_window_days >= 0 "
        "AND booking_lead_minutes >= 0 AND booking_hold_minutes > 0 "
        "AND booking_daily_limit_minutes >= 0 AND booking_cancel_free_hours >= 0 "
        "AND booking_cancel_fee_percent BETWEEN 0 AND 100 AND booking_no_show_minutes >= 0 "
        "AND light_lead_minutes >= 0 AND light_grace_minutes >= 0)",
        "Booking settings must be positive, the maximum duration at least the minimum, and "
        "the cancellation fee between 0 and 100%.",
    )

    _booking_release_hour_range = models.Constraint(
        "CHECK(booking_release_hour >= 0 AND booking_release_hour < 24)",
        "The daily release time is a time of day, from 00:00 to 23:59.",
    )

    @api.constrains("booking_slot_minutes", "booking_min_minutes", "booking_max_minutes")
    def _check_booking_grid(self):
        for venue in self:
            slot = venue.booking_slot_minutes
            if venue.booking_min_minutes % slot or venue.booking_max_minutes % slot:
                raise ValidationError(
                    _(
                        "The minimum and maximum durations of %(venue)s must be multiples of "
                        "its %(slot)s-minute slot.",
                        venue=venue.name,
                        slot=slot,
                    )
                )

    # ------------------------------------------------------------------------------------
    # When online bookings open
    # ------------------------------------------------------------------------------------
    def _booking_release_at(self, day):
        """The UTC moment (naive) at which the local date ``day`` opens for online
        bookings, with a daily release time; ``False`` with a rolling window."""
        self.ensure_one()
        if not self.booking_release_hour:
            return False
        # 8.5 is 08:30; rounding keeps 8.3333 at 08:20, the cap keeps 23.9999 on the day.
        minutes = min(round(self.booking_release_hour * 60), 24 * 60 - 1)
        release_day = day - timedelta(days=self.booking_window_days)
        return self._to_utc(datetime.combine(release_day, time.min) + timedelta(minutes=minutes))

    def _online_opens_at(self, start):
        """The UTC moment (naive) from which a slot starting at ``start`` (naive UTC) can
        be booked online: the release time of its local day, or with a rolling window the
        booking window before its start."""
        self.ensure_one()
        if self.booking_release_hour:
            return self._booking_release_at(self._local_date(start))
        return start - timedelta(days=self.booking_window_days)
