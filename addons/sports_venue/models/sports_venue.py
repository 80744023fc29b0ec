from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.base.models.res_partner import _tz_get

from arena_access.devices import is_venue_code

from ..tools import normalize_cn_phone

# The time zone of a venue that does not say otherwise; the one place this name is written.
DEFAULT_TZ = "Asia/Shanghai"


class SportsVenue(models.Model):
    _name = "sports.venue"
    _description = "Sports Venue"
    _inherit = ["mail.thread", "image.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code in capitals, unique per company. Used in device topics "
        "(arena/<code>/<device>) and in reports.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    # Address
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one(
        comodel_name="res.country.state",
        string="Province",
        domain="[('country_id', '=?', country_id)]",
        ondelete="restrict",
    )
    country_id = fields.Many2one(
        comodel_name="res.country",
        default=lambda self: self.env.ref("base.cn", raise_if_not_found=False),
        ondelete="restrict",
    )
    region_id = fields.Many2one(
        comodel_name="sports.region",
        string="Region (GB/T 2260)",
        ondelete="restrict",
        index=True,
        tracking=True,
        help="The district (or city) where the venue stands; used for regulatory reporting.",
    )
    region_code = fields.Char(related="region_id.code", store=True, string="Region Code")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    # Operations
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=DEFAULT_TZ,
        help="Bookings and opening hours are shown in this time zone.",
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Opening Hours",
        check_company=True,
        ondelete="restrict",
        help="Working hours of this calendar are the venue's opening hours.",
    )
    phone = fields.Char(tracking=True)
    email = fields.Char()
    description = fields.Html(translate=True, sanitize_attributes=True)
    is_published = fields.Boolean(
        string="Public Page", help="Show this venue on the public website and member portal."
    )
    # Structure
    area_ids = fields.One2many(comodel_name="sports.area", inverse_name="venue_id", string="Areas")
    space_ids = fields.One2many(
        comodel_name="sports.space", inverse_name="venue_id", string="Spaces"
    )
    root_space_ids = fields.One2many(
        comodel_name="sports.space",
        inverse_name="venue_id",
        string="Top-level Spaces",
        domain=[("composite_ids", "=", False)],
        help="Spaces that are not part of a bigger space; expand them to see their components.",
    )
    device_ids = fields.One2many(
        comodel_name="sports.device", inverse_name="venue_id", string="Devices"
    )
    sport_ids = fields.Many2many(
        comodel_name="sports.sport", compute="_compute_sport_ids", string="Sports"
    )
    space_count = fields.Integer(compute="_compute_counts")
    device_count = fields.Integer(compute="_compute_counts")

    _code_company_unique = models.Constraint(
        "UNIQUE(company_id, code)", "The venue code must be unique per company."
    )

    @api.depends("space_ids.sport_ids")
    def _compute_sport_ids(self):
        for venue in self:
            venue.sport_ids = venue.space_ids.sport_ids

    def _compute_counts(self):
        spaces = dict(
            self.env["sports.space"]._read_group(
                [("venue_id", "in", self.ids)], ["venue_id"], ["__count"]
            )
        )
        devices = dict(
            self.env["sports.device"]._read_group(
                [("venue_id", "in", self.ids)], ["venue_id"], ["__count"]
            )
        )
        for venue in self:
            venue.space_count = spaces.get(venue, 0)
            venue.device_count = devices.get(venue, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_vals(vals)
        result = super().write(vals)
        if {"tz", "resource_calendar_id", "company_id"} & set(vals):
            self.env.registry.clear_cache()  # _day_open_intervals
        return result

    @api.model
    def _normalize_vals(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        if "phone" in vals:
            vals["phone"] = normalize_cn_phone(self.env, vals["phone"])

    @api.onchange("phone")
    def _onchange_phone(self):
        if self.phone:
            self.phone = normalize_cn_phone(self.env, self.phone)

    @api.constrains("code")
    def _check_code(self):
        for venue in self:
            if not is_venue_code(venue.code or ""):
                raise ValidationError(
                    _(
                        "Venue code %(code)s is invalid: use 2 to 16 capital letters, digits, "
                        "'-' or '_', for example CSC.",
                        code=venue.code,
                    )
                )

    @api.constrains("region_id", "company_id")
    def _check_region(self):
        for venue in self.filtered("region_id"):
            if venue.region_id.level == "province":
                raise ValidationError(
                    _(
                        "Venue %(venue)s: choose a city or district region, not a whole province.",
                        venue=venue.name,
                    )
                )
            bureau_region = venue.company_id.bureau_parent_id.region_id
            if bureau_region and not venue.region_id._is_within(bureau_region):
                raise ValidationError(
                    _(
                        "Venue %(venue)s lies in %(region)s, outside %(bureau)s's region "
                        "%(bureau_region)s.",
                        venue=venue.name,
                        region=venue.region_id.display_name,
                        bureau=venue.company_id.bureau_parent_id.name,
                        bureau_region=bureau_region.display_name,
                    )
                )

    def action_view_spaces(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("sports_venue.sports_space_action")
        action["domain"] = [("venue_id", "=", self.id)]
        action["context"] = {"default_venue_id": self.id}
        return action

    def action_view_devices(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("sports_venue.sports_device_action")
        action["domain"] = [("venue_id", "=", self.id)]
        action["context"] = {"default_venue_id": self.id}
        return action

    # ------------------------------------------------------------------------------------
    # Time API: every local time, day and opening question about a venue goes through here.
    # Datetimes in and out are naive UTC (as the ORM stores them) unless said otherwise.
    # ------------------------------------------------------------------------------------
    def _tz_name(self):
        """The venue's time zone name; ``DEFAULT_TZ`` for no venue."""
        if len(self) > 1:
            self.ensure_one()
        if not self or not isinstance(self.id, int):
            return self.tz or DEFAULT_TZ
        return self._tz_name_of(self.id)

    @api.model
    @tools.ormcache("venue_id")
    def _tz_name_of(self, venue_id):
        # Cached per worker: every local time of a booking, a grid cell or a gate decision
        # asks for it, and the venue's other columns are not needed then. A change of zone
        # clears it (write), in every worker.
        self.env["sports.venue"].flush_model(["tz"])
        self.env.cr.execute(SQL("SELECT tz FROM sports_venue WHERE id = %s", venue_id))
        row = self.env.cr.fetchone()
        return (row and row[0]) or DEFAULT_TZ

    def _tz(self):
        """The venue's time zone (a pytz zone, as ``resource.calendar`` expects)."""
        return pytz.timezone(self._tz_name())

    def _localize(self, at):
        """``at`` (naive UTC, or aware) as an aware datetime in the venue's zone."""
        if at.tzinfo is None:
            at = pytz.utc.localize(at)
        return at.astimezone(self._tz())

    def _to_utc(self, local):
        """A naive local datetime of the venue (or an aware one) as naive UTC."""
        if local.tzinfo is None:
            local = self._tz().localize(local)
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _local_date(self, at):
        """The venue's local date at ``at`` (naive UTC, or aware)."""
        return self._localize(at).date()

    def _day_bounds(self, day):
        """``(start, end)`` in naive UTC of the venue's local day ``day`` (a ``date``);
        23 or 25 hours long on a daylight-saving change."""
        start = self._to_utc(datetime.combine(day, time.min))
        end = self._to_utc(datetime.combine(day + timedelta(days=1), time.min))
        return start, end

    def _open_intervals(self, start, end):
        """Sorted, merged ``(start, end)`` naive UTC intervals when the venue is open
        within ``[start, end)``: the weekly hours of its calendar minus the calendar's
        leaves and its company's closures. A venue without a calendar is always open."""
        self.ensure_one()
        if end <= start:
            return []
        if not self.resource_calendar_id:
            return [(start, end)]
        return self._calendar_intervals(start, end, compute_leaves=True)

    def _is_open(self, at):
        """Whether the venue is open at ``at`` (naive UTC). Gates ask for every entry, so
        this reads the cached intervals of the local day (a venue without a calendar has
        the whole day) and never the venue's record."""
        self.ensure_one()
        return any(
            start <= at < end for start, end in self._day_open_intervals(self._local_date(at))
        )

    @tools.ormcache("self.id", "day")
    def _day_open_intervals(self, day):
        """The open intervals of the local ``day``, as a tuple. Cached per venue and day;
        any change of a venue's zone or calendar, of working hours or of time off clears
        the cache (see ``resource_calendar*.py``), in every worker."""
        start, end = self._day_bounds(day)
        return tuple(self._open_intervals(start, end))

    def _closure_dates(self, date_from, date_to):
        """Sorted local dates from ``date_from`` to ``date_to`` (both included) on which the
        weekly hours would open the venue but closures keep it shut all day."""
        self.ensure_one()
        if not self.resource_calendar_id or date_to < date_from:
            return []
        start = self._day_bounds(date_from)[0]
        end = self._day_bounds(date_to)[1]
        weekly_days = self._days_of(self._calendar_intervals(start, end, compute_leaves=False))
        open_days = self._days_of(self._calendar_intervals(start, end, compute_leaves=True))
        return sorted(weekly_days - open_days)

    def _days_of(self, intervals):
        """The set of local dates that the naive UTC ``intervals`` touch."""
        days = set()
        for start, end in intervals:
            day = self._local_date(start)
            last = self._local_date(end - timedelta(microseconds=1))
            while day <= last:
                days.add(day)
                day += timedelta(days=1)
        return days

    def _calendar_intervals(self, start, end, compute_leaves):
        """Merged naive UTC intervals of the venue's calendar within ``[start, end)``."""
        tz = self._tz()
        # sudo: opening hours and closures are public facts of the venue; members, visitors
        # and gates ask for them without any right on resource calendars.
        calendar = self.resource_calendar_id.sudo()
        # Time off of the venue's own calendar, or closures of its company that name no
        # calendar (public holidays); time off of the company's other calendars does not
        # close this venue.
        domain = [
            ("time_type", "=", "leave"),
            "|",
            ("calendar_id", "=", calendar.id),
            "&",
            ("calendar_id", "=", False),
            ("company_id", "=", self.company_id.id),
        ]
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(start),
            pytz.utc.localize(end),
            domain=domain,
            tz=tz,
            compute_leaves=compute_leaves,
        )[False]
        merged = []
        for i_start, i_stop, _meta in sorted(intervals, key=lambda i: i[0]):
            local_stop = i_stop.astimezone(tz)
            if local_stop.time() == time.max:
                # An attendance "until 24:00" ends at 23:59:59.999999: close the gap.
                i_stop = i_stop + timedelta(microseconds=1)
            i_start = max(i_start.astimezone(pytz.utc).replace(tzinfo=None), start)
            i_stop = min(i_stop.astimezone(pytz.utc).replace(tzinfo=None), end)
            if i_stop <= i_start:
                continue
            if merged and i_start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], i_stop))
            else:
                merged.append((i_start, i_stop))
        return merged
