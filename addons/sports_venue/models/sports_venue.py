import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools import normalize_cn_phone

VENUE_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")


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
        default="Asia/Shanghai",
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
        return super().write(vals)

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
            if not VENUE_CODE_RE.match(venue.code or ""):
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
        action = self.env["ir.actions.act_window"]._for_xml_id("sports_venue.sports_space_action")
        action["domain"] = [("venue_id", "=", self.id)]
        action["context"] = {"default_venue_id": self.id}
        return action

    def action_view_devices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sports_venue.sports_device_action")
        action["domain"] = [("venue_id", "=", self.id)]
        action["context"] = {"default_venue_id": self.id}
        return action
