import logging
from datetime import timedelta

import pytz
import vobject

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, format_amount

from odoo.addons.sports_venue.tools import inputs

# Defines the sports.booking.rules mixin before the model below inherits it.
from .sports_booking_rules import CREATE_STATES, NOTES_LENGTH

_logger = logging.getLogger(__name__)

# A booking's reference is this prefix and its id, zero-padded: see _number_from_id().
REFERENCE_PREFIX = "BK-"

STATES = [
    ("held", "Held (unpaid)"),
    ("confirmed", "Confirmed"),
    ("checked_in", "Checked In"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("no_show", "No-show"),
    ("expired", "Expired"),
]


class SportsBooking(models.Model):
    _name = "sports.booking"
    _description = "Court Booking"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "sports.booking.rules"]
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
    # Precomputed, like company_id: in the INSERT, not an UPDATE right after it.
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        related="space_id.venue_id",
        store=True,
        index=True,
        precompute=True,
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

    @api.depends("name", "space_id", "start_at", "space_id.venue_id.tz")
    def _compute_display_name(self):
        for booking in self:
            if booking.start_at and booking.space_id:
                local = booking.space_id.venue_id._localize(booking.start_at)
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
        # Staff book directly; members and visitors through a controller that calls this
        # in superuser mode for their own partner.
        if not self.env.su:
            self.check_access("create")
        space = self._space_to_book(space_id)
        start = inputs.moment(self.env, start_at, _("The start of the booking"))
        end = inputs.moment(self.env, end_at, _("The end of the booking"))
        partner = inputs.record(self.env, "res.partner", partner_id, _("The customer"))
        channel = inputs.choice(self.env, channel, _("The channel"), self._channels())
        if expected_amount is not None:
            expected_amount = inputs.amount(self.env, expected_amount, _("The price shown"))
        notes = inputs.text(self.env, notes, _("The notes"), max_length=NOTES_LENGTH)
        if start and end and end > start:
            # In a rush most attempts are for a slot just taken: say so at once, from one
            # query, before the rules read the venue, its hours and its prices (which then
            # do not look again; the exclusion constraint has the last word anyway).
            self._check_free(space, start, end)
        self._check_rules(space, start, end, partner, channel, check_free=False)
        amount = self.env["sports.price.rule"]._compute_price(space, start, end, partner)
        if expected_amount is not None and float_compare(
            expected_amount, amount, precision_rounding=space.company_id.currency_id.rounding
        ):
            raise UserError(
                _(
                    "The price of this booking is %(amount)s, not %(expected)s. Reload the page "
                    "to see current prices.",
                    amount=format_amount(self.env, amount, space.company_id.currency_id),
                    expected=format_amount(self.env, expected_amount, space.company_id.currency_id),
                )
            )
        vals = {
            "space_id": space.id,
            "start_at": start,
            "end_at": end,
            "partner_id": partner.id,
            "channel": channel,
            "amount_total": amount,
            "notes": notes or False,
            "state": "held" if channel == "portal" else "confirmed",
        }
        if channel == "portal":
            vals["hold_expires_at"] = fields.Datetime.now() + timedelta(
                minutes=space.venue_id.booking_hold_minutes
            )
        # sudo: the caller may create bookings (checked above) and the rules and the price
        # were checked here; a superuser create is trusted and does not check them twice.
        # No chatter on the hot path: no creation message, no follower, no tracking values
        # (the booking's own fields say who, what and when). Later changes that matter are
        # tracked as before: the returned record has the caller's context again.
        booking = (
            self.sudo().with_context(tracking_disable=True, mail_create_nolog=True).create(vals)
        )
        return booking.with_env(self.env)

    # ------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
        vals_list = [self._clean_vals(vals, create=True) for vals in vals_list]
        for vals in vals_list:
            if not self.env.su and vals.get("state", "confirmed") not in CREATE_STATES:
                raise UserError(
                    _(
                        "A booking starts held or confirmed; check it in, out or cancel it "
                        "with its buttons."
                    )
                )
            vals.setdefault("name", "/")  # numbered from the id below
            if not self.env.su:
                # Created by a user from a form, an import or RPC rather than through
                # book() or other server code running as superuser: apply the same rules
                # and the server-side price.
                self._check_and_price_vals(vals)
        bookings = super().create(vals_list)
        bookings._number_from_id()
        self.env["sports.booking.occupancy"]._sync_bookings(bookings, created=True)
        return bookings

    def _number_from_id(self):
        """Give the bookings of ``self`` still named "/" the reference BK-000042, from their
        id, in the transaction that creates them.

        Why not an ``ir.sequence``: its draw cost two queries on every create, on the hot
        path of a booking rush, and a gap-free variant would make concurrent bookings
        queue on the sequence's row. The id is unique and readable at once, so every
        message that names a new booking (a clash, the order's origin, the pass, the
        desk scan) is meaningful from the start. Ids have gaps (rolled-back attempts),
        like the sequence had; nothing needs the references to be gap-free."""
        unnamed = self.filtered(lambda booking: booking.name == "/")
        if not unnamed:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE sports_booking SET name = %s || lpad(id::text, 6, '0') WHERE id = ANY(%s)",
                REFERENCE_PREFIX,
                unnamed.ids,
            )
        )
        unnamed.invalidate_recordset(["name", "display_name"])

    @api.model
    def _check_and_price_vals(self, vals):
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
        self.check_access("write")
        vals = self._clean_vals(vals)
        if "state" in vals:
            self._check_state_change(vals["state"])
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
        self.check_access("unlink")
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
        """Rewrite the occupancy rows of ``self`` under the exclusion constraint."""
        self.env["sports.booking.occupancy"]._sync_bookings(self)

    def _get_ics_file(self):
        """The booking as an iCalendar file (bytes): one VEVENT with UTC times."""
        self.ensure_one()
        venue = self.venue_id
        address = ", ".join(p for p in (venue.name, venue.street, venue.street2, venue.city) if p)
        # sudo: the database uuid only makes the event's UID unique across databases.
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        url = self.get_base_url() + self.access_url
        cal = vobject.iCalendar()
        cal.add("method").value = "PUBLISH"
        event = cal.add("vevent")
        event.add("uid").value = f"sports-booking-{self.id}-{uuid}@arena"
        event.add("dtstamp").value = pytz.utc.localize(fields.Datetime.now())
        event.add("dtstart").value = pytz.utc.localize(self.start_at)
        event.add("dtend").value = pytz.utc.localize(self.end_at)
        event.add("summary").value = _(
            "%(space)s at %(venue)s", space=self.space_id.display_name, venue=venue.name
        )
        event.add("location").value = address
        event.add("description").value = _(
            "Booking %(reference)s. Details and cancellation: %(url)s",
            reference=self.name,
            url=url,
        )
        event.add("url").value = url
        event.add("status").value = {"cancelled": "CANCELLED", "held": "TENTATIVE"}.get(
            self.state, "CONFIRMED"
        )
        return cal.serialize().encode()

    # ------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------
    def action_confirm(self):
        self.check_access("write")
        for booking in self:
            if booking.state != "held":
                raise UserError(_("Only held bookings can be confirmed."))
        self._set_state({"state": "confirmed", "hold_expires_at": False})
        return True

    def action_check_in(self):
        self.check_access("write")
        for booking in self:
            if booking.state != "confirmed":
                raise UserError(
                    _(
                        "%(booking)s cannot be checked in: it is not confirmed.",
                        booking=booking.name,
                    )
                )
        self._set_state({"state": "checked_in", "checked_in_at": fields.Datetime.now()})
        return True

    def action_checkout(self):
        """End the session now: lights go off and the rest of the slot frees up."""
        self.check_access("write")
        now = fields.Datetime.now()
        for booking in self:
            if booking.state not in ("confirmed", "checked_in"):
                raise UserError(_("%(booking)s is not in progress.", booking=booking.name))
        self._set_state({"state": "done", "checked_out_at": now})
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
        self.check_access("write")
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
            if booking.sale_line_id:
                booking.sale_line_id._sports_booking_refund(booking, fee)
        self._sync_occupancy()
        return True

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
            expired._set_state({"state": "expired"})
        confirmed = self.search(
            [("state", "=", "confirmed"), ("kind", "=", "booking"), ("start_at", "<", now)]
        )
        no_shows = confirmed.filtered(
            lambda b: b.start_at + timedelta(minutes=b.venue_id.booking_no_show_minutes) < now
        )
        if no_shows:
            no_shows._set_state({"state": "no_show"})
        finished = self.search([("state", "=", "checked_in"), ("end_at", "<", now)])
        if finished:
            finished._set_state({"state": "done"})
        _logger.info(
            "bookings: %s expired, %s no-shows, %s done", len(expired), len(no_shows), len(finished)
        )
