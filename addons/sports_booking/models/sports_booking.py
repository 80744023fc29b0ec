import logging
import random
import uuid
from datetime import datetime, time, timedelta

import psycopg2
import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, float_compare, format_amount

_logger = logging.getLogger(__name__)

STATES = [
    ("held", "Held (unpaid)"),
    ("confirmed", "Confirmed"),
    ("checked_in", "Checked In"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("no_show", "No-show"),
    ("expired", "Expired"),
]
# States whose occupancy blocks the space. A no-show or finished booking keeps its slot
# so that history cannot be double-booked after the fact.
BLOCKING_STATES = ("held", "confirmed", "checked_in", "done", "no_show")
# Marks creates that went through book() (or trusted server code). An object, not a flag,
# so that no RPC context can forge it.
VALIDATED = object()


class SportsBooking(models.Model):
    _name = "sports.booking"
    _description = "Court Booking"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "start_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    kind = fields.Selection(
        [("booking", "Booking"), ("block", "Closure / Maintenance")],
        required=True,
        default="booking",
        help="A closure blocks the space like a booking, without a customer or a price.",
    )
    space_id = fields.Many2one(
        comodel_name="sports.space",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    venue_id = fields.Many2one(
        comodel_name="sports.venue", related="space_id.venue_id", store=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="space_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    start_at = fields.Datetime(string="Start", required=True, index=True, tracking=True)
    end_at = fields.Datetime(string="End", required=True, tracking=True)
    duration_minutes = fields.Integer(compute="_compute_duration_minutes")
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", index=True, tracking=True
    )
    channel = fields.Selection(
        [("portal", "Portal / Website"), ("backend", "Backend"), ("pos", "Point of Sale")],
        required=True,
        default="backend",
    )
    state = fields.Selection(
        STATES, required=True, default="confirmed", index=True, tracking=True, copy=False
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total = fields.Monetary(
        string="Price", readonly=True, copy=False, help="Computed on the server from price rules."
    )
    cancel_fee = fields.Monetary(readonly=True, copy=False)
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sale Order Line",
        index=True,
        copy=False,
        ondelete="set null",
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id", store=True, index=True)
    hold_expires_at = fields.Datetime(copy=False, readonly=True)
    checked_in_at = fields.Datetime(readonly=True, copy=False)
    checked_out_at = fields.Datetime(
        readonly=True, copy=False, help="Set by an early check-out; lights follow it."
    )
    recurrence_key = fields.Char(
        index=True, copy=False, help="Shared by the occurrences of one recurring booking."
    )
    notes = fields.Text()
    color = fields.Integer(compute="_compute_color")
    occupancy_ids = fields.One2many(
        comodel_name="sports.booking.occupancy", inverse_name="booking_id", readonly=True
    )

    _range_valid = models.Constraint(
        "CHECK(end_at > start_at)", "A booking must end after it starts."
    )
    _amount_positive = models.Constraint(
        "CHECK(amount_total >= 0 AND cancel_fee >= 0)", "Amounts cannot be negative."
    )
    _space_start_idx = models.Index("(space_id, start_at)")

    # ------------------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------------------
    @api.depends("start_at", "end_at")
    def _compute_duration_minutes(self):
        for booking in self:
            if booking.start_at and booking.end_at:
                delta = booking.end_at - booking.start_at
                booking.duration_minutes = int(delta.total_seconds() // 60)
            else:
                booking.duration_minutes = 0

    @api.depends("state", "kind")
    def _compute_color(self):
        colors = {
            "held": 3,
            "confirmed": 10,
            "checked_in": 4,
            "done": 0,
            "cancelled": 1,
            "no_show": 9,
            "expired": 1,
        }
        for booking in self:
            booking.color = 8 if booking.kind == "block" else colors.get(booking.state, 0)

    @api.depends("name", "space_id", "start_at", "venue_id.tz")
    def _compute_display_name(self):
        for booking in self:
            if booking.start_at and booking.space_id:
                local = booking._to_local(booking.start_at)
                booking.display_name = (
                    f"{booking.name} · {booking.space_id.name} · {local:%Y-%m-%d %H:%M}"
                )
            else:
                booking.display_name = booking.name

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/bookings/{booking.id}"
        return res

    # ------------------------------------------------------------------------------------
    # Time helpers
    # ------------------------------------------------------------------------------------
    def _tz(self):
        return pytz.timezone(self.venue_id.tz or self.space_id.venue_id.tz or "Asia/Shanghai")

    def _to_local(self, utc_naive):
        return pytz.utc.localize(utc_naive).astimezone(self._tz()).replace(tzinfo=None)

    @api.model
    def _local_to_utc(self, venue, local_naive):
        tz = pytz.timezone(venue.tz or "Asia/Shanghai")
        return tz.localize(local_naive).astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------------------------------
    # The booking service: one entry point for backend, portal and POS
    # ------------------------------------------------------------------------------------
    @api.model
    def book(
        self,
        space_id,
        start_at,
        end_at,
        partner_id=False,
        channel="backend",
        expected_amount=None,
        notes=False,
    ):
        """Validate, price and create one booking; return it.

        ``expected_amount`` is the price the customer was shown. The price is always
        recomputed here; when it differs the booking is refused, so a tampered or stale
        price never gets through.
        """
        space = self.env["sports.space"].browse(int(space_id)).exists()
        if not space:
            raise UserError(_("This space does not exist (any more)."))
        try:
            space.check_access("read")
        except AccessError:
            raise UserError(_("You cannot book a space of another company.")) from None
        if space.company_id not in self.env.companies:
            raise UserError(_("You cannot book a space of another company."))
        start = fields.Datetime.to_datetime(start_at)
        end = fields.Datetime.to_datetime(end_at)
        partner = (
            self.env["res.partner"].browse(partner_id) if partner_id else self.env["res.partner"]
        )
        self._check_rules(space, start, end, partner, channel)
        amount = self.env["sports.price.rule"]._compute_price(space, start, end, partner)
        if expected_amount is not None and float_compare(
            float(expected_amount), amount, precision_rounding=space.company_id.currency_id.rounding
        ):
            raise UserError(
                _(
                    "The price of this booking is %(amount)s, not %(expected)s. Reload the page "
                    "to see current prices.",
                    amount=format_amount(self.env, amount, space.company_id.currency_id),
                    expected=format_amount(
                        self.env, float(expected_amount), space.company_id.currency_id
                    ),
                )
            )
        vals = {
            "space_id": space.id,
            "start_at": start,
            "end_at": end,
            "partner_id": partner.id,
            "channel": channel,
            "amount_total": amount,
            "notes": notes,
            "state": "held" if channel == "portal" else "confirmed",
        }
        if channel == "portal":
            vals["hold_expires_at"] = fields.Datetime.now() + timedelta(
                minutes=space.venue_id.booking_hold_minutes
            )
        return self.with_context(sports_booking_validated=VALIDATED).create(vals).with_env(self.env)

    @api.model
    def _check_rules(
        self, space, start, end, partner, channel, kind="booking", exclude=None, check_past=True
    ):
        """Raise a translated error when a booking of ``space`` from ``start`` to ``end``
        breaks a rule. ``exclude`` is a booking being moved or extended."""
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
        local_start = self._to_local_for(venue, start)
        local_end = self._to_local_for(venue, end)
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
            if start > now + timedelta(days=venue.booking_window_days):
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
        self._check_free(space, start, end, exclude)

    @api.model
    def _to_local_for(self, venue, utc_naive):
        tz = pytz.timezone(venue.tz or "Asia/Shanghai")
        return pytz.utc.localize(utc_naive).astimezone(tz).replace(tzinfo=None)

    @api.model
    def _check_opening_hours(self, venue, start, end):
        calendar = venue.resource_calendar_id
        if not calendar:
            return
        tz = pytz.timezone(venue.tz or "Asia/Shanghai")
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end), tz=tz
        )[False]
        covered = timedelta()
        for i_start, i_stop, _meta in intervals:
            covered += min(i_stop, pytz.utc.localize(end)) - max(i_start, pytz.utc.localize(start))
        # Calendars end a day at 23:59:59.999999 when an attendance says 24:00.
        if covered < end - start - timedelta(seconds=1):
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
        local_day = self._to_local_for(venue, start).date()
        day_start = self._local_to_utc(venue, datetime.combine(local_day, time.min))
        day_end = day_start + timedelta(days=1)
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
            b.duration_minutes for b in self.sudo().search_fetch(domain, ["start_at", "end_at"])
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
        # sudo: the clashing booking may be another customer's; only its reference is shown.
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _clash_message(self, space, clashes):
        return _(
            "%(space)s is already booked at this time (%(bookings)s). Choose another time or "
            "space.",
            space=space.name,
            bookings=", ".join(clashes.mapped("display_name")),
        )

    # ------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        validated = self.env.context.get("sports_booking_validated") is VALIDATED
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("sports.booking") or "/"
            if not validated:
                # Created from a form, an import or RPC rather than through book(): apply
                # the same rules and the server-side price.
                self._prepare_unvalidated_vals(vals)
        bookings = super().create(vals_list)
        bookings._sync_occupancy()
        return bookings

    @api.model
    def _prepare_unvalidated_vals(self, vals):
        space = self.env["sports.space"].browse(vals.get("space_id"))
        start = fields.Datetime.to_datetime(vals.get("start_at"))
        end = fields.Datetime.to_datetime(vals.get("end_at"))
        if not space or not start or not end:
            return  # required-field errors come from the ORM
        kind = vals.get("kind", "booking")
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        self._check_rules(space, start, end, partner, vals.get("channel", "backend"), kind=kind)
        if kind == "booking":
            vals["amount_total"] = self.env["sports.price.rule"]._compute_price(
                space, start, end, partner
            )
        else:
            vals["amount_total"] = 0.0

    def write(self, vals):
        if {"amount_total", "cancel_fee"} & set(vals):
            raise UserError(
                _(
                    "Prices are computed from the price rules and the cancellation policy; "
                    "they cannot be edited."
                )
            )
        if {"start_at", "end_at", "space_id"} & set(vals):
            for booking in self:
                if booking.state not in ("held", "confirmed", "checked_in"):
                    raise UserError(
                        _(
                            "%(booking)s is %(state)s and can no longer be moved.",
                            booking=booking.name,
                            state=dict(STATES)[booking.state],
                        )
                    )
                space = self.env["sports.space"].browse(vals.get("space_id", booking.space_id.id))
                start = fields.Datetime.to_datetime(vals.get("start_at", booking.start_at))
                end = fields.Datetime.to_datetime(vals.get("end_at", booking.end_at))
                self._check_rules(
                    space,
                    start,
                    end,
                    booking.partner_id,
                    "backend",
                    kind=booking.kind,
                    exclude=booking,
                    check_past=start != booking.start_at,
                )
        res = super().write(vals)
        if {"start_at", "end_at", "space_id", "state", "checked_out_at"} & set(vals):
            self._sync_occupancy()
        if {"start_at", "end_at", "space_id"} & set(vals):
            self.filtered(lambda b: b.kind == "booking")._reprice()
        return res

    def unlink(self):
        for booking in self:
            if booking.state not in ("held", "cancelled", "expired") and booking.kind == "booking":
                raise UserError(
                    _(
                        "Cancel %(booking)s instead of deleting it, so that its history and "
                        "payments stay.",
                        booking=booking.name,
                    )
                )
        return super().unlink()

    def _reprice(self):
        """Price a moved or extended booking again, unless its order is already confirmed:
        then the paid amount stays (it is what a refund is based on) and the difference
        is left to the front desk."""
        for booking in self:
            amount = self.env["sports.price.rule"]._compute_price(
                booking.space_id, booking.start_at, booking.end_at, booking.partner_id
            )
            line = booking.sale_line_id
            if line and line.order_id.state not in ("draft", "sent", "cancel"):
                if booking.currency_id.compare_amounts(amount, booking.amount_total):
                    booking.message_post(
                        body=_(
                            "The new time is priced %(new)s instead of the %(paid)s paid; "
                            "settle the difference at the desk.",
                            new=amount,
                            paid=booking.amount_total,
                        )
                    )
                continue
            super(SportsBooking, booking).write({"amount_total": amount})
            if line:
                line.price_unit = amount
        return True

    def _sync_occupancy(self):
        """Rewrite the occupancy rows of ``self`` under the exclusion constraint.

        A violation (another transaction won the race) becomes a ValidationError that
        names the clashing booking; the savepoint keeps the transaction usable.
        """
        if not self:
            return
        self.flush_recordset()
        self.env["sports.space"].flush_model(["unit_ids"])
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        "DELETE FROM sports_booking_occupancy WHERE booking_id = ANY(%s)", self.ids
                    ),
                    log_exceptions=False,
                )
                cr.execute(
                    SQL(
                        """
                    INSERT INTO sports_booking_occupancy
                           (booking_id, unit_id, start_at, end_at, is_blocking, company_id)
                    SELECT b.id, u.unit_id, b.start_at,
                           CASE WHEN b.checked_out_at IS NOT NULL AND b.checked_out_at > b.start_at
                                 AND b.checked_out_at < b.end_at
                                THEN b.checked_out_at ELSE b.end_at END,
                           b.state IN %(blocking)s, b.company_id
                      FROM sports_booking b
                      JOIN sports_space_unit_rel u ON u.space_id = b.space_id
                     WHERE b.id = ANY(%(ids)s)
                    """,
                        blocking=BLOCKING_STATES,
                        ids=self.ids,
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.ExclusionViolation:
            for booking in self:
                clash = self._find_clashes(booking.space_id, booking.start_at, booking.end_at, self)
                if clash:
                    raise ValidationError(self._clash_message(booking.space_id, clash)) from None
            raise ValidationError(
                _("These spaces were just booked by someone else. Choose another time.")
            ) from None
        self.env["sports.booking.occupancy"].invalidate_model()

    # ------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------
    def action_confirm(self):
        for booking in self:
            if booking.state != "held":
                raise UserError(_("Only held bookings can be confirmed."))
        self.write({"state": "confirmed", "hold_expires_at": False})
        return True

    def action_check_in(self):
        for booking in self:
            if booking.state != "confirmed":
                raise UserError(
                    _(
                        "%(booking)s cannot be checked in: it is not confirmed.",
                        booking=booking.name,
                    )
                )
        self.write({"state": "checked_in", "checked_in_at": fields.Datetime.now()})
        return True

    def action_checkout(self):
        """End the session now: lights go off and the rest of the slot frees up."""
        now = fields.Datetime.now()
        for booking in self:
            if booking.state not in ("confirmed", "checked_in"):
                raise UserError(_("%(booking)s is not in progress.", booking=booking.name))
        self.write({"state": "done", "checked_out_at": now})
        return True

    def _cancel_fee_for(self, now=None):
        """The late-cancellation fee of this booking if it were cancelled at ``now``."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        if self.state == "held" or self.kind == "block":
            return 0.0
        venue = self.venue_id
        if now <= self.start_at - timedelta(hours=venue.booking_cancel_free_hours):
            return 0.0
        return self.currency_id.round(self.amount_total * venue.booking_cancel_fee_percent / 100)

    def action_cancel(self):
        now = fields.Datetime.now()
        for booking in self:
            if booking.state not in ("held", "confirmed"):
                raise UserError(
                    _("%(booking)s cannot be cancelled any more.", booking=booking.name)
                )
            if booking.kind == "booking" and booking.start_at <= now and booking.state != "held":
                raise UserError(
                    _(
                        "%(booking)s has already started; check it out instead.",
                        booking=booking.name,
                    )
                )
            fee = booking._cancel_fee_for(now)
            super(SportsBooking, booking).write({"state": "cancelled", "cancel_fee": fee})
            booking._refund_after_cancel(fee)
        self._sync_occupancy()
        return True

    def _refund_after_cancel(self, fee):
        """Give the money back, less ``fee``.

        - invoiced: a credit note for what was invoiced for this booking, less the fee,
          detached from the order line so that the order is not invoiced again;
        - confirmed (paid online) but not invoiced: the order line keeps only the fee, and
          the refund goes back to the payment;
        - a draft order: the line keeps the fee, or goes when there is none.
        """
        self.ensure_one()
        line = self.sale_line_id
        if not line:
            return
        order = line.order_id
        invoice_lines = line.invoice_lines.filtered(
            lambda ln: ln.move_id.state == "posted" and ln.move_id.move_type == "out_invoice"
        )
        if invoice_lines:
            invoiced = sum(invoice_lines.mapped("price_unit"))
            refund = min(self.amount_total, invoiced) - fee
            if refund <= 0:
                return
            invoice = invoice_lines.move_id[:1]
            # sudo: a member cancelling on the portal may not create accounting entries;
            # the booking and its invoice were checked by action_cancel's caller.
            credit_note = invoice.sudo()._reverse_moves(
                [{"ref": _("Cancellation of %(booking)s", booking=self.name)}]
            )
            lines = credit_note.invoice_line_ids
            lines.filtered(lambda ln: line not in ln.sale_line_ids).unlink()
            lines.exists().write(
                {"price_unit": refund, "quantity": 1, "sale_line_ids": [Command.clear()]}
            )
            credit_note.action_post()
            self.message_post(
                body=_(
                    "Refund of %(amount)s issued as credit note %(move)s.",
                    amount=refund,
                    move=credit_note.name,
                )
            )
        elif order.state == "sale":
            # sudo: see above; the paid order line now only bills the fee.
            line.sudo().price_unit = fee
            self.message_post(
                body=_(
                    "Refund %(amount)s to the customer's payment (fee kept: %(fee)s).",
                    amount=self.amount_total - fee,
                    fee=fee,
                )
            )
        elif order.state in ("draft", "sent"):
            if fee:
                line.sudo().price_unit = fee  # sudo: portal customers cannot edit order lines
            else:
                line.sudo().unlink()  # sudo: as above
                if not order.order_line:
                    order.sudo()._action_cancel()  # sudo: as above; nothing left to pay

    # ------------------------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_expire_and_no_show(self):
        now = fields.Datetime.now()
        expired = self.search([("state", "=", "held"), ("hold_expires_at", "<", now)])
        # A payment under way keeps its hold; once it lands, the order confirms the booking.
        expired = expired.filtered(
            lambda b: (
                not b.sale_order_id.transaction_ids.filtered(
                    lambda t: t.state in ("pending", "authorized", "done")
                )
            )
        )
        if expired:
            # The order stays open: if it is paid later, _confirm_sports_bookings reinstates
            # the booking when its slot is still free, or asks for a refund.
            expired.write({"state": "expired"})
        confirmed = self.search(
            [("state", "=", "confirmed"), ("kind", "=", "booking"), ("start_at", "<", now)]
        )
        no_shows = confirmed.filtered(
            lambda b: b.start_at + timedelta(minutes=b.venue_id.booking_no_show_minutes) < now
        )
        if no_shows:
            no_shows.write({"state": "no_show"})
        finished = self.search([("state", "=", "checked_in"), ("end_at", "<", now)])
        if finished:
            finished.write({"state": "done"})
        _logger.info(
            "bookings: %s expired, %s no-shows, %s done", len(expired), len(no_shows), len(finished)
        )

    # ------------------------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------------------------
    @api.model
    def _demo_create_week(self, venue_id):
        """A deterministic, realistic week of bookings around today for the demo venue."""
        venue = self.env["sports.venue"].browse(venue_id)
        rng = random.Random(20261125)
        ref = self.env.ref
        people = [
            ref(f"sports_booking.{x}")
            for x in (
                "partner_member_chen",
                "partner_member_liu",
                "partner_guest_zhou",
                "partner_guest_wu",
                "partner_guest_zheng",
                "partner_club_badminton",
            )
        ]
        courts = venue.space_ids.filtered(lambda s: s.bookable and s.kind in ("court", "field"))
        now = fields.Datetime.now()
        today = self._to_local_for(venue, now).date()
        taken = {}  # unit id -> [(start, end)]
        Rule = self.env["sports.price.rule"]
        vals_list = []

        def free(space, start, end):
            return all(
                not (start < e and s < end)
                for unit in space.unit_ids
                for s, e in taken.get(unit.id, [])
            )

        def plan(space, start, end, partner, state, channel="backend", **extra):
            for unit in space.unit_ids:
                taken.setdefault(unit.id, []).append((start, end))
            vals_list.append(
                {
                    "space_id": space.id,
                    "start_at": start,
                    "end_at": end,
                    "partner_id": partner.id if partner else False,
                    "channel": channel,
                    "state": state,
                    "amount_total": Rule._compute_price(space, start, end, partner)
                    if partner
                    else 0,
                    **extra,
                }
            )

        # A closure and a school team's weekly series come first.
        maintenance = courts.filtered(lambda s: s.code == "TN3")
        if maintenance:
            start = self._local_to_utc(venue, datetime.combine(today + timedelta(days=2), time(8)))
            plan(
                maintenance,
                start,
                start + timedelta(hours=4),
                None,
                "confirmed",
                kind="block",
                notes="更换球网及场地划线",
            )
        school = ref("sports_booking.partner_club_school")
        full_court = courts.filtered(lambda s: s.code == "BB2")
        key = uuid.uuid4().hex
        for week in range(4):
            day = today + timedelta(days=(2 - today.weekday()) % 7 + 7 * week)
            start = self._local_to_utc(venue, datetime.combine(day, time(16)))
            if full_court and free(full_court, start, start + timedelta(hours=2)):
                plan(
                    full_court,
                    start,
                    start + timedelta(hours=2),
                    school,
                    "confirmed",
                    recurrence_key=key,
                    notes="校队训练",
                )
        for offset in range(-3, 4):
            day = today + timedelta(days=offset)
            for space in courts:
                for hour in sorted(rng.sample(range(8, 22), 5)):
                    hours = rng.choice((1, 1, 2))
                    if hour + hours > 22:
                        continue
                    start = self._local_to_utc(venue, datetime.combine(day, time(hour)))
                    end = start + timedelta(hours=hours)
                    if rng.random() < 0.45 or not free(space, start, end):
                        continue
                    partner = rng.choice(people)
                    if end <= now:
                        state = rng.choices(("done", "no_show", "cancelled"), (85, 8, 7))[0]
                    elif start <= now:
                        state = "checked_in"
                    else:
                        state = rng.choices(("confirmed", "held"), (95, 5))[0]
                    channel = rng.choice(("portal", "portal", "backend"))
                    extra = {}
                    if state == "held":
                        channel = "portal"
                        extra["hold_expires_at"] = now + timedelta(minutes=15)
                    if state == "checked_in":
                        extra["checked_in_at"] = start
                    plan(space, start, end, partner, state, channel, **extra)
        self.with_context(
            sports_booking_validated=VALIDATED, tracking_disable=True, mail_create_nolog=True
        ).create(vals_list)
