import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

# Subsidised venues announce a closure at least this many days before it starts.
CLOSURE_NOTICE_DAYS = 7


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    sports_announced_on = fields.Date(
        string="Announced On",
        help="When the closure was announced to the public. Subsidised venues announce "
        "closures at least 7 days ahead; a closure without this date counts as announced "
        "late.",
    )
    sports_start_date = fields.Date(
        string="Closure Starts",
        compute="_compute_sports_start_date",
        help="The local day the closure starts, in its calendar's time zone.",
    )
    sports_announced_late = fields.Boolean(
        string="Announced Late",
        compute="_compute_sports_start_date",
        help="Announced less than 7 days before it starts, or not recorded as announced.",
    )

    @api.depends("date_from", "calendar_id.tz", "sports_announced_on")
    def _compute_sports_start_date(self):
        for leave in self:
            leave.sports_start_date = leave._sports_local_start_date()
            leave.sports_announced_late = leave._sports_is_announced_late()

    def _sports_local_start_date(self):
        """The local date the closure starts (its calendar's zone, else the venues' default)."""
        self.ensure_one()
        if not self.date_from:
            return False
        tz = pytz.timezone(self.calendar_id.tz or DEFAULT_TZ)
        return pytz.utc.localize(self.date_from).astimezone(tz).date()

    def _sports_is_announced_late(self):
        self.ensure_one()
        start = self._sports_local_start_date()
        if not start:
            return False
        announced = self.sports_announced_on
        return not announced or (start - announced).days < CLOSURE_NOTICE_DAYS

    @api.constrains("sports_announced_on", "date_from", "calendar_id")
    def _check_sports_announced_on(self):
        for leave in self.filtered("sports_announced_on"):
            start = leave._sports_local_start_date()
            if start and leave.sports_announced_on > start:
                raise ValidationError(
                    self.env._(
                        "The closure %(name)s starts on %(start)s: it cannot have been "
                        "announced later, on %(announced)s. Enter the day it was announced "
                        "to the public.",
                        name=leave.name or "",
                        start=start,
                        announced=leave.sports_announced_on,
                    )
                )
