import json
from datetime import datetime, timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

from arena_access import OpeningWindows

# Concrete open windows sync sends ahead, and how far ahead it lists closure days.
SYNC_WINDOW_DAYS = 14
SYNC_CLOSURE_DAYS = 366


class SportsVenue(models.Model):
    _inherit = "sports.venue"

    access_point_ids = fields.One2many(
        comodel_name="sports.access.point", inverse_name="venue_id", string="Access Points"
    )
    ticket_type_ids = fields.One2many(
        comodel_name="sports.ticket.type", inverse_name="venue_id", string="Ticket Types"
    )
    occupancy = fields.Integer(
        compute="_compute_occupancy", help="People inside now: entries minus exits today."
    )
    proxy_user_ids = fields.Many2many(
        comodel_name="res.users",
        compute="_compute_proxy_user_ids",
        string="Proxy Users",
    )

    @api.model_create_multi
    def create(self, vals_list):
        venues = super().create(vals_list)
        # The company's signing key, made with its venue rather than by its first sale: a
        # first sale makes it under a lock of the company row, which concurrent first sales
        # (a booking rush at a new operator) would wait on while holding rows of their own.
        for company in venues.company_id:
            self.env["sports.access.key"]._active_for(company)
        return venues

    def write(self, vals):
        result = super().write(vals)
        if {"active", "company_id"}.intersection(vals):
            # The proxies' venues and the gates' points (res.users._arena_proxy_venues,
            # sports.access.point._gate_config), in every worker.
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # see write
        return result

    @api.model
    @tools.ormcache("venue_ids")
    def _access_company_ids(self, venue_ids):
        """The ids of the companies of venues ``venue_ids`` (a sorted tuple), a sorted
        tuple; remembered by each worker until a venue is written (see ``write``)."""
        # sudo: ids only, of venues the access API already checked for its caller.
        venues = self.sudo().with_context(active_test=False).browse(venue_ids)
        return tuple(sorted(venues.company_id.ids))

    def _compute_occupancy(self):
        counts = self.env["sports.access.event"]._occupancy(self)
        for venue in self:
            venue.occupancy = sum(counts.get(area.id, 0) for area in venue.area_ids)

    def _compute_proxy_user_ids(self):
        # sudo: listing which proxy users serve a venue; they are not readable otherwise.
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("arena_proxy_venue_ids", "in", self.ids)])
        )
        for venue in self:
            venue.proxy_user_ids = users.filtered(lambda u, v=venue: v in u.arena_proxy_venue_ids)

    def _arena_opening(self):
        """``[[weekday (0 = Monday), hour_from, hour_to], ...]`` of the opening hours."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return [[day, 0.0, 24.0] for day in range(7)]
        return sorted(
            [int(attendance.dayofweek), attendance.hour_from, attendance.hour_to]
            for attendance in calendar.attendance_ids
            if not attendance.display_type
        )

    def _arena_hours(self, at=None):
        """The venue's opening as the proxy decides on it offline: the concrete open
        windows of the next ``SYNC_WINDOW_DAYS`` local days from ``at`` (naive UTC, now
        by default), the weekly hours past them, and the closure dates of the year ahead
        (``arena_access.OpeningWindows``, from the time API of ``sports.venue``)."""
        self.ensure_one()
        first = self._local_date(at or fields.Datetime.now())
        start = self._day_bounds(first)[0]
        end = self._day_bounds(first + timedelta(days=SYNC_WINDOW_DAYS - 1))[1]
        return OpeningWindows.of(
            self._tz_name(),
            self._arena_opening(),
            closures=self._closure_dates(first, first + timedelta(days=SYNC_CLOSURE_DAYS - 1)),
            windows=self._open_intervals(start, end),
            horizon=(start, end),
        )

    @tools.ormcache("self.id", "day")
    def _arena_hours_json(self, day):
        """``_arena_hours`` from the local ``day`` on, as JSON text. Every sync of every
        proxy asks for it and it spans a year of calendar, so it is cached per venue and
        day; the changes that clear the opening cache of ``sports.venue`` clear it too."""
        return json.dumps(self._arena_hours(self._day_bounds(day)[0]).to_json())

    def _arena_access_data(self, at=None):
        """The venue as ``sync`` sends it to the proxy (see ``docs/proxy-api.md``)."""
        self.ensure_one()
        day = self._local_date(at or fields.Datetime.now())
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "company_id": self.company_id.id,
            **json.loads(self._arena_hours_json(day)),
        }

    def action_new_proxy_key(self):
        """Create (or reuse) this venue's proxy user and show a new API key once."""
        self.ensure_one()
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise AccessError(_("Only Arena managers can create proxy keys."))
        user, key = self._arena_proxy_provision()
        # The key is shown once and stored nowhere but hashed in res.users.apikeys.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("API key of %(login)s", login=user.login),
                "message": _(
                    "%(key)s — copy it into the proxy's TOML file now; it is not shown again.",
                    key=key,
                ),
                "sticky": True,
                "type": "warning",
            },
        }

    def _arena_proxy_provision(self, key_name=None, expiration=None):
        """``(user, api key)``: the venue's proxy user, created if needed, and a new key.

        The proxy user is a portal user in *Arena proxy* only: it reaches the access API
        for this venue and can read or write nothing else.
        """
        self.ensure_one()
        login = f"proxy-{self.company_id.id}-{self.code.lower()}"
        # sudo: creating a technical user and its key is the manager's explicit action
        # (checked by callers); managers may not otherwise administer users.
        Users = self.env["res.users"].sudo().with_context(no_reset_password=True)
        user = Users.with_context(active_test=False).search([("login", "=", login)], limit=1)
        if not user:
            user = Users.create(
                {
                    "name": _("Arena proxy %(venue)s", venue=self.name),
                    "login": login,
                    "company_id": self.company_id.id,
                    "company_ids": [fields.Command.set(self.company_id.ids)],
                    "group_ids": [
                        fields.Command.set(
                            [
                                self.env.ref("base.group_portal").id,
                                self.env.ref("sports_access.group_arena_proxy").id,
                            ]
                        )
                    ],
                    "arena_proxy_venue_ids": [fields.Command.set(self.ids)],
                    "tz": self._tz_name(),
                }
            )
        user.active = True
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, key_name or f"hw_proxy {datetime.now():%Y-%m-%d}", expiration)
        )
        return user, key
