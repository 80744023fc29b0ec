from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.sports_venue.tools import inputs

# Slot states of the availability; only "free" slots can be booked.
FREE, TAKEN, CLOSED, PAST, UNAVAILABLE = "free", "taken", "closed", "past", "unavailable"


class SportsSpace(models.Model):
    _inherit = "sports.space"

    booking_slot_minutes = fields.Integer(
        string="Slot Length (min)", help="Leave 0 to use the venue's slot length."
    )
    booking_min_minutes = fields.Integer(
        string="Minimum Duration (min)", help="Leave 0 to use the venue's."
    )
    booking_max_minutes = fields.Integer(
        string="Maximum Duration (min)", help="Leave 0 to use the venue's."
    )
    bookable = fields.Boolean(default=True, help="Offer this space for booking.")
    booking_ids = fields.One2many(comodel_name="sports.booking", inverse_name="space_id")
    light_device_ids = fields.One2many(
        comodel_name="sports.device",
        inverse_name="space_id",
        domain=[("kind", "=", "light")],
        string="Light Circuits",
    )

    _booking_overrides_positive = models.Constraint(
        "CHECK(COALESCE(booking_slot_minutes, 0) >= 0 AND COALESCE(booking_min_minutes, 0) >= 0 "
        "AND COALESCE(booking_max_minutes, 0) >= 0)",
        "Slot and duration overrides cannot be negative.",
    )

    def _slot_minutes(self):
        self.ensure_one()
        return self.booking_slot_minutes or self.venue_id.booking_slot_minutes

    def _min_minutes(self):
        self.ensure_one()
        return self.booking_min_minutes or self.venue_id.booking_min_minutes

    def _max_minutes(self):
        self.ensure_one()
        return self.booking_max_minutes or self.venue_id.booking_max_minutes

    @api.constrains("booking_slot_minutes", "booking_min_minutes", "booking_max_minutes")
    def _check_booking_overrides(self):
        for space in self:
            slot = space._slot_minutes()
            if space._min_minutes() % slot or space._max_minutes() % slot:
                raise ValidationError(
                    _(
                        "Durations of %(space)s must be multiples of its %(slot)s-minute slot.",
                        space=space.name,
                        slot=slot,
                    )
                )
            if space._max_minutes() < space._min_minutes():
                raise ValidationError(
                    _("The maximum duration of %(space)s is below its minimum.", space=space.name)
                )

    def write(self, vals):
        if "component_ids" not in vals:
            return super().write(vals)
        self.check_access("write")
        affected = self._with_all_composites()
        res = super().write(vals)
        # The units of these spaces changed: rewrite the occupancy of their current and
        # future bookings, so the exclusion constraint judges them on the new units. A
        # clash refuses the change.
        bookings = self.env["sports.booking"].search(
            [
                ("space_id", "in", (affected | self._with_all_composites()).ids),
                ("state", "in", ("held", "confirmed", "checked_in")),
                ("end_at", ">", fields.Datetime.now()),
            ]
        )
        bookings._sync_occupancy()
        return res

    def _with_all_composites(self):
        spaces = self
        level = self
        while level:
            level = level.composite_ids - spaces
            spaces |= level
        return spaces

    # ------------------------------------------------------------------------------------
    # Availability (website slot grid, backend grid, POS)
    # ------------------------------------------------------------------------------------
    def _booking_availability(self, start, end):
        """What keeps each space of ``self`` from being booked between ``start`` and
        ``end`` (naive UTC): its own bookings, and bookings of any space sharing one of its
        units (a full-court booking blocks both halves, a half-court booking blocks the
        full court). Cancelled and expired bookings do not count.

        One query over the occupancy rows, so it says exactly what the exclusion
        constraint enforces. It reads without record rules: the caller checked that the
        spaces may be shown and decides what to reveal (visitors see busy times only).
        Opening hours are the venue's: ``venue._open_intervals(start, end)``.

        :return: ``{space id: [item, ...]}`` for every space of ``self``, items ordered by
            start, each a dict with ``booking_id``, ``name``, ``space_id`` (the booking's
            space), ``own`` (the booking is of this very space), ``state``, ``kind``,
            ``start_at``/``end_at`` (the booking's), ``busy_from``/``busy_to`` (what it
            occupies: an early check-out frees the rest), ``amount`` and ``partner_name``.
        """
        result = {space.id: [] for space in self}
        if not self or end <= start:
            return result
        self.env["sports.booking"].flush_model()
        self.env["sports.booking.occupancy"].flush_model()
        self.env["sports.space"].flush_model(["unit_ids"])
        self.env["res.partner"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """
            SELECT su.space_id, b.id, b.name, b.space_id, b.state, b.kind, b.start_at, b.end_at,
                   MIN(o.start_at), MAX(o.end_at), b.amount_total, p.name
              FROM sports_space_unit_rel su
              JOIN sports_booking_occupancy o ON o.unit_id = su.unit_id AND o.is_blocking
              JOIN sports_booking b ON b.id = o.booking_id
              LEFT JOIN res_partner p ON p.id = b.partner_id
             WHERE su.space_id = ANY(%(spaces)s)
               AND o.start_at < %(end)s
               AND o.end_at > %(start)s
             GROUP BY su.space_id, b.id, p.id
             ORDER BY b.start_at, b.id, su.space_id
            """,
                spaces=self.ids,
                start=start,
                end=end,
            )
        )
        for row in self.env.cr.fetchall():
            space_id, booking_id, name, booking_space_id, state, kind = row[:6]
            start_at, end_at, busy_from, busy_to, amount, partner_name = row[6:]
            result[space_id].append(
                {
                    "booking_id": booking_id,
                    "name": name,
                    "space_id": booking_space_id,
                    "own": booking_space_id == space_id,
                    "state": state,
                    "kind": kind,
                    "start_at": start_at,
                    "end_at": end_at,
                    "busy_from": busy_from,
                    "busy_to": busy_to,
                    "amount": amount or 0.0,
                    "partner_name": partner_name or "",
                }
            )
        return result

    def _booking_slots(self, day, partner=None, channel="portal"):
        """The slots of each space of ``self`` (all of one venue) on the venue's local
        ``day``, each on its space's own grid, with whether and at what price ``partner``
        may book it through ``channel``.

        :return: ``{"open": [(start, end), ...], "slots": {space id: [slot, ...]}}`` with
            the opening intervals of the day and, per space, slots within them, each a dict
            with ``start``/``end`` (naive UTC), ``state`` (``free``, ``taken``, ``closed``,
            ``past`` or ``unavailable``: outside the booking window or without a price) and
            ``amount`` (0.0 without a price, and on a space none of whose slots can be
            booked: nothing was priced).

        Only slots that could be free are checked against the bookings and priced: a day
        that is not released yet (the page every member loads before a rush) costs
        neither the bookings query nor the price rules.
        """
        venue = self.venue_id
        venue.ensure_one()
        day_start, day_end = venue._day_bounds(day)
        opening = venue._open_intervals(day_start, day_end)
        result = {"open": opening, "slots": {space.id: [] for space in self}}
        if not opening or not self:
            return result
        span_start, span_end = opening[0][0], opening[-1][1]
        now = fields.Datetime.now()
        # With a daily release time every slot of the day opens at the day's release.
        day_opens_at = venue.booking_release_hour and venue._booking_release_at(day)
        # The state each slot has whatever the bookings and prices; None: still to check.
        known = {}
        for space in self:
            # As the booking rules: staff may still book the running slot, members not.
            earliest = (
                now + timedelta(minutes=venue.booking_lead_minutes)
                if channel == "portal"
                else now - timedelta(minutes=space._slot_minutes())
            )
            states = []
            for start, end in space._slot_grid(day, span_start, span_end):
                if start < earliest:
                    state = PAST
                elif not any(o_start <= start and end <= o_end for o_start, o_end in opening):
                    state = CLOSED
                elif channel == "portal" and now < (day_opens_at or venue._online_opens_at(start)):
                    state = UNAVAILABLE
                else:
                    state = None
                states.append((start, end, state))
            known[space] = states
        open_spaces = self.filtered(lambda s: any(st is None for _s, _e, st in known[s]))
        busy = open_spaces._booking_availability(span_start, span_end) if open_spaces else {}
        partner = partner or self.env["res.partner"]
        for space in self:
            slots = known[space]
            prices = (
                space._slot_prices([(start, end) for start, end, _st in slots], partner)
                if space in open_spaces
                else {}
            )
            for start, end, state in slots:
                if state is None:
                    if any(
                        item["busy_from"] < end and start < item["busy_to"]
                        for item in busy[space.id]
                    ):
                        state = TAKEN
                    elif start not in prices:
                        state = UNAVAILABLE
                    else:
                        state = FREE
                result["slots"][space.id].append(
                    {"start": start, "end": end, "state": state, "amount": prices.get(start, 0.0)}
                )
        return result

    def _slot_grid(self, day, span_start, span_end):
        """UTC ``(start, end)`` of the slots of this space on its own grid (whole slots
        since local midnight of ``day``) within the span."""
        self.ensure_one()
        venue = self.venue_id
        minutes = self._slot_minutes()
        midnight = datetime.combine(day, time.min)
        local_first = venue._localize(span_start).replace(tzinfo=None)
        offset = (local_first - midnight).total_seconds() / 60
        first = -(-int(offset) // minutes) * minutes
        cursor = venue._to_utc(midnight + timedelta(minutes=first))
        step = timedelta(minutes=minutes)
        slots = []
        while cursor + step <= span_end:
            slots.append((cursor, cursor + step))
            cursor += step
        return slots

    def _slot_prices(self, slots, partner):
        """``{slot start: price}`` for ``partner``; slots without a price rule are left out."""
        self.ensure_one()
        if not slots:
            return {}
        Rule = self.env["sports.price.rule"]
        try:
            priced = Rule._price_slots(self, slots[0][0], slots[-1][1], partner)
        except UserError:
            priced = []
            for start, end in slots:
                try:
                    priced += Rule._price_slots(self, start, end, partner)
                except UserError:
                    continue
        return {start: amount for start, _rule, amount in priced}

    # ------------------------------------------------------------------------------------
    # Light schedule (pulled by the hardware proxy through JSON-2)
    # ------------------------------------------------------------------------------------
    @api.model
    def light_schedule(self, venue, date_from, date_to):
        """Switch-on and switch-off times of every light circuit of ``venue``.

        A light follows the bookings of its space and of every space sharing a unit with
        it (a half-court booking lights the full court's circuit). Intervals are
        ``[start - lead, effective end + grace]`` where the effective end is the check-out
        time when staff checked out early; overlapping or touching intervals are merged.

        :param venue: id or code of a venue the caller may read
        :param date_from, date_to: UTC datetimes or ISO strings
        :return: ``[{"device": identifier, "device_id", "space_id", "on_at", "off_at"}]``
                 with ISO UTC times, ordered by device and time
        """
        venue_rec = self._light_venue(venue)
        start = inputs.moment(self.env, date_from, _("The start of the schedule"))
        end = inputs.moment(self.env, date_to, _("The end of the schedule"))
        if end <= start:
            raise UserError(_("Give a time range whose end is after its start."))
        lead = timedelta(minutes=venue_rec.light_lead_minutes)
        grace = timedelta(minutes=venue_rec.light_grace_minutes)
        devices = self.env["sports.device"].search(
            [("venue_id", "=", venue_rec.id), ("kind", "=", "light"), ("space_id", "!=", False)]
        )
        if not devices:
            return []
        self.env["sports.booking"].flush_model()
        self.env["sports.space"].flush_model(["unit_ids"])
        # One query: for each light's space, the bookings of any space sharing a unit.
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT d.id, b.id, b.start_at,
                   COALESCE(LEAST(b.checked_out_at, b.end_at), b.end_at)
              FROM sports_device d
              JOIN sports_space_unit_rel du ON du.space_id = d.space_id
              JOIN sports_space_unit_rel bu ON bu.unit_id = du.unit_id
              JOIN sports_booking b ON b.space_id = bu.space_id
             WHERE d.id = ANY(%(devices)s)
               AND b.state IN ('confirmed', 'checked_in', 'done')
               AND b.kind = 'booking'
               AND b.start_at - %(lead)s < %(end)s
               AND COALESCE(LEAST(b.checked_out_at, b.end_at), b.end_at) + %(grace)s > %(start)s
             ORDER BY d.id, b.start_at
            """,
                devices=devices.ids,
                lead=lead,
                grace=grace,
                start=start,
                end=end,
            )
        )
        rows = self.env.cr.fetchall()
        by_id = {d.id: d for d in devices}
        schedule = []
        current = None
        for device_id, _booking_id, b_start, b_end in rows:
            on_at, off_at = b_start - lead, b_end + grace
            if current and current["device_id"] == device_id and on_at <= current["off"]:
                current["off"] = max(current["off"], off_at)
                continue
            current = {"device_id": device_id, "on": on_at, "off": off_at}
            schedule.append(current)
        return [
            {
                "device": by_id[item["device_id"]].identifier,
                "device_id": item["device_id"],
                "space_id": by_id[item["device_id"]].space_id.id,
                "on_at": item["on"].isoformat() + "Z",
                "off_at": item["off"].isoformat() + "Z",
            }
            for item in schedule
        ]

    @api.model
    def _light_venue(self, venue):
        Venue = self.env["sports.venue"]
        if not isinstance(venue, str):
            record = inputs.record(self.env, "sports.venue", venue, _("The venue"), required=True)
        else:
            code = inputs.key(self.env, venue, _("The venue code"))
            # Codes are unique per company: look only in the companies of the call.
            record = Venue.search(
                [("code", "=", code.upper()), ("company_id", "in", self.env.companies.ids)]
            )
            if len(record) > 1:
                raise UserError(
                    _(
                        "Venue code %(venue)s exists in several companies: pass the "
                        "venue id or select one company.",
                        venue=venue,
                    )
                )
        if not record:
            raise UserError(_("Unknown venue %(venue)s.", venue=venue))
        record.check_access("read")
        return record
