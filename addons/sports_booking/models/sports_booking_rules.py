import contextvars
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, format_datetime

from odoo.addons.sports_venue.tools import inputs

# States whose occupancy blocks the space. A no-show or finished booking keeps its slot
# so that history cannot be double-booked after the fact.
BLOCKING_STATES = ("held", "confirmed", "checked_in", "done", "no_show")
# The states each state may change to, through the actions and the cron only. Nothing
# leaves cancelled, done or no-show: a refund or a fee has been settled on them. An
# expired hold comes back when its late payment lands and its slot is still free.
TRANSITIONS = {
    "held": ("confirmed", "cancelled", "expired"),
    "confirmed": ("checked_in", "done", "cancelled", "no_show"),
    "checked_in": ("done",),
    "expired": ("confirmed",),
    "done": (),
    "cancelled": (),
    "no_show": (),
}
# What a user may create a booking in; every other state is reached through an action.
CREATE_STATES = ("held", "confirmed")
# Set while an action or the cron changes states (see _set_state). A context key would
# not do: a JSON-2 caller chooses its context.
_STATE_CHANGE = contextvars.ContextVar("sports_booking_state_change", default=False)
NOTES_LENGTH = 10_000
# What book() reads of the space it books, in the query that applies the record rules.
SPACE_FIELDS = [
    "name",
    "active",
    "bookable",
    "company_id",
    "venue_id",
    "booking_slot_minutes",
    "booking_min_minutes",
    "booking_max_minutes",
]


class SportsBookingRules(models.AbstractModel):
    """The rules a booking must follow, for every channel: well-formed values, states
    that change through the actions only, the space's grid and durations, the venue's
    opening hours and closures (through the venue time API), the online booking window
    and daily limit, and free units. The exclusion constraint on
    ``sports.booking.occupancy`` stays the real guarantee against overlaps."""

    _name = "sports.booking.rules"
    _description = "Booking Rules"

    # ------------------------------------------------------------------------------------
    # What callers pass, and how states change
    # ------------------------------------------------------------------------------------
    @api.model
    def _channels(self):
        return [key for key, _label in self._fields["channel"].selection]

    @api.model
    def _clean_vals(self, vals, create=False):
        """``vals`` with the values of the fields that callers set checked and converted,
        so that wrong types from a form, an import or JSON-2 get a message. A space, a
        start and an end are required, on ``create`` and whenever they are written."""
        env = self.env
        vals = dict(vals)
        if create:
            for name in ("space_id", "start_at", "end_at"):
                vals.setdefault(name, self.env.context.get(f"default_{name}"))
        for name, model, label, required in (
            ("space_id", "sports.space", _("The space"), True),
            ("partner_id", "res.partner", _("The customer"), False),
        ):
            if name in vals:
                vals[name] = inputs.record(env, model, vals[name], label, required=required).id
        for name, label in (
            ("start_at", _("The start of the booking")),
            ("end_at", _("The end of the booking")),
        ):
            if name in vals:
                vals[name] = inputs.moment(env, vals[name], label)
        for name, label in (
            ("channel", _("The channel")),
            ("kind", _("The kind of booking")),
            ("state", _("The state")),
        ):
            if name in vals:
                choices = [key for key, _label in self._fields[name].selection]
                vals[name] = inputs.choice(env, vals[name], label, choices)
        if "notes" in vals:
            vals["notes"] = (
                inputs.text(env, vals["notes"], _("The notes"), max_length=NOTES_LENGTH) or False
            )
        if vals.get("name") not in (None, "/"):
            vals["name"] = inputs.key(env, vals["name"], _("The reference"))
        return vals

    @api.model
    def _space_to_book(self, space_id):
        """The space ``space_id`` as the caller may read it, from one query: whether it
        exists, the caller's access rights and record rules (multi-company), and the
        columns the rules and the price read. (``check_access("read")`` after ``exists()``
        took two queries, the second one reading every column of the space to apply the
        record rules in Python.) Archived spaces are found, for the rules to refuse them
        by name."""
        label = _("The space")
        space = inputs.record(
            self.env, "sports.space", space_id, label, required=True, exists=False
        )
        try:
            found = (
                self.env["sports.space"]
                .with_context(active_test=False)
                .search_fetch([("id", "=", space.id)], SPACE_FIELDS, order="id")
            )
        except AccessError:
            raise UserError(_("You cannot book a space of another company.")) from None
        if not found and not space.exists():
            raise inputs.missing(self.env, space, label)
        if not found or found.company_id not in self.env.companies:
            raise UserError(_("You cannot book a space of another company."))
        return found.with_env(self.env)

    def _check_state_change(self, state):
        """Refuse a state that no action of these bookings leads to."""
        if not _STATE_CHANGE.get():
            raise UserError(
                _(
                    "The state of a booking changes through its buttons only: confirm, check "
                    "in, check out or cancel it."
                )
            )
        for booking in self:
            if booking.state != state and state not in TRANSITIONS[booking.state]:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    _(
                        "%(booking)s is %(state)s and cannot become %(new)s.",
                        booking=booking.name,
                        state=states[booking.state],
                        new=states[state],
                    )
                )

    def _set_state(self, vals):
        """Write ``vals`` with a new ``state``: the one way the actions, the cron and the
        sale orders change states. The transition is still checked."""
        token = _STATE_CHANGE.set(True)
        try:
            return self.write(vals)
        finally:
            _STATE_CHANGE.reset(token)

    # ------------------------------------------------------------------------------------
    # Booking rules
    # ------------------------------------------------------------------------------------
    @api.model
    def _check_rules(
        self,
        space,
        start,
        end,
        partner,
        channel,
        kind="booking",
        exclude=None,
        check_past=True,
        check_free=True,
    ):
        """Raise a translated error when a booking of ``space`` from ``start`` to ``end``
        breaks a rule. ``exclude`` is a booking being moved or extended. ``check_free=False``
        is for a caller that has just looked for clashes itself (book())."""
        if not start or not end:
            raise ValidationError(_("Give the booking a start and an end."))
        if end <= start:
            raise ValidationError(_("The booking must end after it starts."))
        if not space.active or (kind == "booking" and not space.bookable):
            raise ValidationError(_("%(space)s cannot be booked.", space=space.name))
        if kind == "block":
            return
        venue = space.venue_id
        now = fields.Datetime.now()
        slot = space._slot_minutes()
        local_start = venue._localize(start)
        local_end = venue._localize(end)
        # Staff may still book the slot that is running now (a walk-in); nobody books the past.
        earliest = now - timedelta(minutes=slot) if channel != "portal" else now
        if check_past and start < earliest:
            raise ValidationError(_("This slot has already started or passed."))
        minutes_of_day = local_start.hour * 60 + local_start.minute
        if (
            local_start.second
            or local_end.second
            or minutes_of_day % slot
            or ((end - start).total_seconds() % (slot * 60))
        ):
            raise ValidationError(
                _(
                    "Bookings of %(space)s start and end on its %(slot)s-minute grid.",
                    space=space.name,
                    slot=slot,
                )
            )
        duration = (end - start).total_seconds() / 60
        if duration < space._min_minutes():
            raise ValidationError(
                _(
                    "%(space)s is booked for at least %(minutes)s minutes.",
                    space=space.name,
                    minutes=space._min_minutes(),
                )
            )
        if duration > space._max_minutes():
            raise ValidationError(
                _(
                    "%(space)s is booked for at most %(minutes)s minutes at a time.",
                    space=space.name,
                    minutes=space._max_minutes(),
                )
            )
        self._check_opening_hours(venue, start, end)
        if channel == "portal":
            opens_at = venue._online_opens_at(start)
            if now < opens_at:
                if venue.booking_release_hour:
                    raise ValidationError(
                        _(
                            "Bookings for %(date)s open on %(when)s.",
                            date=format_date(self.env, local_start.date()),
                            when=format_datetime(
                                self.env, opens_at, tz=venue._tz_name(), dt_format="short"
                            ),
                        )
                    )
                raise ValidationError(
                    _(
                        "Bookings open %(days)s days ahead: choose an earlier date.",
                        days=venue.booking_window_days,
                    )
                )
            if start < now + timedelta(minutes=venue.booking_lead_minutes):
                raise ValidationError(
                    _(
                        "Online bookings must start at least %(minutes)s minutes from now.",
                        minutes=venue.booking_lead_minutes,
                    )
                )
            self._check_daily_limit(venue, partner, start, end, exclude)
        if check_free:
            self._check_free(space, start, end, exclude)

    @api.model
    def _check_opening_hours(self, venue, start, end):
        """The venue must be open (weekly hours minus closures) during all of it. Reads
        the venue's cached open intervals of each local day it touches (cleared on any
        change of the venue's calendar or closures), not the calendar itself."""
        if not venue.resource_calendar_id:
            return
        covered = timedelta()
        day, last = venue._local_date(start), venue._local_date(end - timedelta(microseconds=1))
        while day <= last:
            for i_start, i_end in venue._day_open_intervals(day):
                if i_start < end and start < i_end:
                    covered += min(i_end, end) - max(i_start, start)
            day += timedelta(days=1)
        if covered < end - start:
            raise ValidationError(
                _(
                    "%(venue)s is closed during part of this time. Choose a time within its "
                    "opening hours.",
                    venue=venue.name,
                )
            )

    @api.model
    def _check_daily_limit(self, venue, partner, start, end, exclude=None):
        limit = venue.booking_daily_limit_minutes
        if not limit or not partner:
            return
        day_start, day_end = venue._day_bounds(venue._local_date(start))
        domain = [
            ("partner_id", "=", partner.id),
            ("venue_id", "=", venue.id),
            ("kind", "=", "booking"),
            ("state", "in", BLOCKING_STATES),
            ("start_at", "<", day_end),
            ("end_at", ">", day_start),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        # sudo: the limit counts every booking of the customer, including other channels'.
        booked = sum(
            b.duration_minutes
            for b in self.env["sports.booking"].sudo().search_fetch(domain, ["start_at", "end_at"])
        )
        if booked + (end - start).total_seconds() / 60 > limit:
            raise ValidationError(
                _(
                    "You can book at most %(limit)s minutes a day at %(venue)s; you already have "
                    "%(booked)s minutes on that day.",
                    limit=limit,
                    venue=venue.name,
                    booked=int(booked),
                )
            )

    @api.model
    def _check_free(self, space, start, end, exclude=None):
        """Friendly early check; the exclusion constraint is the real guarantee."""
        clash = self._find_clashes(space, start, end, exclude)
        if clash:
            raise ValidationError(self._clash_message(space, clash))

    @api.model
    def _find_clashes(self, space, start, end, exclude=None):
        self.env["sports.booking.occupancy"].flush_model()
        self.env["sports.space"].flush_model(["unit_ids"])
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT o.booking_id
              FROM sports_booking_occupancy o
              JOIN sports_space_unit_rel u ON u.unit_id = o.unit_id AND u.space_id = %(space)s
             WHERE o.is_blocking
               AND o.start_at < %(end)s AND o.end_at > %(start)s
               AND o.booking_id != ALL(%(exclude)s)
            """,
                space=space.id,
                start=start,
                end=end,
                exclude=list(exclude.ids if exclude else []),
            )
        )
        # sudo: the clashing booking may be another customer's; only staff see its reference.
        return self.env["sports.booking"].sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _clash_message(self, space, clashes):
        """Staff learn which bookings are in the way; anyone else only that the space is
        taken, since the bookings may be other customers'. Book() runs in superuser mode
        for members: the user, not the mode, decides."""
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            return _(
                "%(space)s is already booked at this time. Choose another time or space.",
                space=space.name,
            )
        # The columns their names show, in one narrow query rather than every column.
        clashes.fetch(["name", "space_id", "start_at"])
        return _(
            "%(space)s is already booked at this time (%(bookings)s). Choose another time or "
            "space.",
            space=space.name,
            bookings=", ".join(clashes.mapped("display_name")),
        )
