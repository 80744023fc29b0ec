from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


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
        start = fields.Datetime.to_datetime(date_from)
        end = fields.Datetime.to_datetime(date_to)
        if not start or not end or end <= start:
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
        if isinstance(venue, int):
            record = Venue.browse(venue).exists()
        else:
            # Codes are unique per company: look only in the companies of the call.
            record = Venue.search(
                [("code", "=", str(venue).upper()), ("company_id", "in", self.env.companies.ids)]
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
