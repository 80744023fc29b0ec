import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.sports_venue.tools import inputs


class SportsTimedSession(models.Model):
    """Timed sessions on a space: a walk-in booking timed at the front desk."""

    _inherit = "sports.timed.session"

    booking_id = fields.Many2one(
        comodel_name="sports.booking",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The walk-in booking this timer runs on a space.",
    )
    space_id = fields.Many2one(
        comodel_name="sports.space",
        related="booking_id.space_id",
        store=True,
        index="btree_not_null",
        string="Space",
    )
    booking_end_at = fields.Datetime(
        related="booking_id.end_at",
        string="Free Until",
        help="The next booking of the space, or its closing time.",
    )

    _item_or_booking = models.Constraint(
        "CHECK((item_id IS NULL) <> (booking_id IS NULL))",
        "A timed session runs on an item or on a space.",
    )
    _one_per_booking = models.UniqueIndex(
        "(booking_id) WHERE booking_id IS NOT NULL", "A walk-in booking has one timer."
    )

    @api.model
    def _load_pos_data_fields(self, config):
        return [*super()._load_pos_data_fields(config), "booking_end_at"]

    @api.model
    def _timed_products(self):
        product = self.env.ref("sports_pos_booking.product_timed_space", raise_if_not_found=False)
        return super()._timed_products() | (product or self.env["product.product"])

    @api.model
    def _startable_kinds(self):
        return [*super()._startable_kinds(), "space"]

    @api.model
    def _start_timed(self, config, kind, res_id, partner):
        if kind != "space":
            return super()._start_timed(config, kind, res_id, partner)
        space = inputs.record(
            self.env, "sports.space", res_id, self.env._("The space"), required=True
        )
        space.check_access("read")
        if space.venue_id != config.sports_venue_id:
            raise UserError(
                self.env._("%(space)s is not at this desk's venue.", space=space.display_name)
            )
        booking = self.env["sports.booking"]._pos_walk_in(space, partner)
        # sudo: sessions are created only here, after the checks above.
        return self.sudo().create(
            {
                "name": space.display_name,
                "booking_id": booking.id,
                "venue_id": space.venue_id.id,
                "product_id": self.env.ref("sports_pos_booking.product_timed_space").id,
                "partner_id": partner.id,
                "start_at": booking.start_at,
            }
        )

    def _billed_end(self, at):
        """The end of the played time at ``at``, rounded up to the space's slot and held
        within the booking: ``(end, grows)``, ``grows`` False once the booking's end is
        reached."""
        self.ensure_one()
        booking = self.booking_id
        slot = timedelta(minutes=booking.space_id._slot_minutes())
        slots = max(1, math.ceil((at - booking.start_at) / slot))
        end = booking.start_at + slots * slot
        if end >= booking.end_at:
            return booking.end_at, False
        return end, True

    def _due_at(self, at):
        self.ensure_one()
        if not self.booking_id:
            return super()._due_at(at)
        booking = self.booking_id
        end, grows = self._billed_end(at)
        amount = self.env["sports.price.rule"]._compute_price(
            booking.space_id, booking.start_at, end, booking.partner_id
        )
        return amount, end if grows else None

    def _stop_timed(self, at):
        walk_ins = self.filtered("booking_id")
        result = super(SportsTimedSession, self - walk_ins)._stop_timed(at)
        for session in walk_ins:
            # The booking is changed under the cashier's own rights (checked as staff).
            booking = session.booking_id.sudo(False)
            if booking.state == "checked_in":
                end, _grows = session._billed_end(at)
                if end < booking.end_at:
                    # Shorten to what is billed: the booking is repriced on it.
                    booking.write({"end_at": end})
                # The space frees and its lights go off from now (plus the grace time).
                booking.action_checkout()
            session.write({"state": "stopped", "stop_at": at, "amount": booking.amount_total})
        return result

    @api.model
    def _pos_startables(self, config, sessions):
        startables = super()._pos_startables(config, sessions)
        venue = config.sports_venue_id
        spaces = self.env["sports.space"].search(
            [("venue_id", "=", venue.id), ("bookable", "=", True)]
        )
        if not spaces:
            return startables
        now = fields.Datetime.now()
        day_end = venue._day_bounds(venue._local_date(now))[1]
        opening = [i for i in venue._open_intervals(now, day_end) if i[0] <= now < i[1]]
        if not opening:
            return startables
        busy = spaces._booking_availability(now, opening[0][1])
        for space in spaces:
            items = busy[space.id]
            if any(item["busy_from"] <= now for item in items):
                continue
            until = min([opening[0][1], *(item["busy_from"] for item in items)])
            startables.append(
                {
                    "kind": "space",
                    "id": space.id,
                    "name": space.display_name,
                    "detail": self.env._(
                        "free until %(time)s", time=venue._localize(until).strftime("%H:%M")
                    ),
                }
            )
        return startables
