from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SportsBooking(models.Model):
    """The POS order line that made a booking, the refund line that cancelled it, and the
    front desk timer of a walk-in."""

    _inherit = "sports.booking"

    pos_order_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Order Line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The front desk line that sold this booking: a line books at most once.",
    )
    pos_order_id = fields.Many2one(
        comodel_name="pos.order",
        related="pos_order_line_id.order_id",
        string="POS Order",
        store=True,
        index="btree_not_null",
    )
    pos_refund_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Refund Line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The front desk refund that cancelled this booking.",
    )

    sports_timed_session_ids = fields.One2many(
        comodel_name="sports.timed.session",
        inverse_name="booking_id",
        string="Timed Sessions",
        readonly=True,
        help="The front desk timer of a walk-in booking.",
    )

    _pos_order_line_unique = models.Constraint(
        "UNIQUE(pos_order_line_id)", "A POS order line makes one booking only."
    )

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
        # sudo: only the timer's existence matters, whoever may read timed sessions.
        if exclude and len(exclude) == 1 and exclude.sudo().sports_timed_session_ids:
            # A walk-in runs from when the player came to when the timer stopped, off the
            # slot grid and outside the durations of bookings made ahead; it still needs
            # the venue open and the space free.
            if not start or not end or end <= start:
                raise ValidationError(self.env._("The booking must end after it starts."))
            self._check_opening_hours(space.venue_id, start, end)
            self._check_free(space, start, end, exclude)
            return
        super()._check_rules(
            space,
            start,
            end,
            partner,
            channel,
            kind=kind,
            exclude=exclude,
            check_past=check_past,
            check_free=check_free,
        )

    @api.model
    def _pos_walk_in_end(self, space, start):
        """Until when ``space`` is free from ``start``: the next booking of any space
        sharing a unit with it, or the venue's closing time, within the local day."""
        venue = space.venue_id
        day_end = venue._day_bounds(venue._local_date(start))[1]
        opening = [i for i in venue._open_intervals(start, day_end) if i[0] <= start < i[1]]
        if not opening:
            raise UserError(self.env._("%(venue)s is closed now.", venue=venue.name))
        end = opening[0][1]
        for item in space._booking_availability(start, end)[space.id]:
            if item["busy_from"] <= start:
                raise UserError(
                    self.env._(
                        "%(space)s is in use now (%(booking)s).",
                        space=space.name,
                        booking=item["name"],
                    )
                )
            end = min(end, item["busy_from"])
        return end

    @api.model
    def _pos_walk_in(self, space, partner):
        """Book ``space`` from now for a walk-in and check it in: open-ended up to the next
        booking or the closing time, under the exclusion constraint like any booking.

        Its price is the whole span's until the timer stops and shortens it."""
        self.check_access("create")
        if not space.active or not space.bookable:
            raise UserError(self.env._("%(space)s cannot be booked.", space=space.name))
        if space.company_id not in self.env.companies:
            raise UserError(self.env._("You cannot book a space of another company."))
        start = fields.Datetime.now().replace(second=0, microsecond=0)
        end = self._pos_walk_in_end(space, start)
        amount = self.env["sports.price.rule"]._compute_price(space, start, end, partner)
        # sudo: the caller may create bookings (checked above) and the space was checked
        # free and open here, as book() does; the exclusion constraint still decides.
        booking = (
            self.sudo()
            .create(
                {
                    "space_id": space.id,
                    "start_at": start,
                    "end_at": end,
                    "partner_id": partner.id,
                    "channel": "pos",
                    "state": "confirmed",
                    "amount_total": amount,
                }
            )
            .with_env(self.env)
        )
        booking.action_check_in()
        return booking
