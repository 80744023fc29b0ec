from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        self.ensure_one()
        # Before super: a refused booking raises and rolls the whole order back, so the
        # POS keeps it open for the cashier to change. Both steps are keyed by the line.
        if not draft and self.state != "cancel":
            self._sports_booking_refund()
            self._sports_booking_book()
        return super()._process_saved_order(draft)

    # ------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------
    def _sports_booking_lines(self):
        """The lines of this order that book a court or refund one."""
        lines = self.lines.filtered(
            lambda line: (
                line.sports_space_id
                or line.product_id.sports_court_booking
                or line.refunded_orderline_id.sports_space_id
            )
        )
        if lines and not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can book courts: ask a manager to add you to the "
                    "Arena user group."
                )
            )
        return lines

    def _sports_booking_label(self, line):
        """``Court 1, 2026-12-01 19:00-20:00`` in the venue's time."""
        space = line.sports_space_id
        venue = space.venue_id
        start = venue._localize(line.sports_start_at)
        end = venue._localize(line.sports_end_at)
        return f"{space.display_name}, {start:%Y-%m-%d %H:%M}-{end:%H:%M}"

    def _sports_booking_book(self):
        """Book the court of each booking line through ``sports.booking.book()``."""
        # Every line but a refund books: a negative line of its own is refused below.
        lines = self._sports_booking_lines().filtered(lambda line: not line.refunded_orderline_id)
        self._sports_lock_lines(lines)
        lines.invalidate_recordset(["sports_booking_ids"])
        Booking = self.env["sports.booking"]
        for line in lines:
            self._sports_booking_check_line(line)
            # sudo: whether the line booked already is the system's record, not the cashier's.
            if line.sudo().sports_booking_ids:
                continue
            try:
                booking = Booking.book(
                    line.sports_space_id.id,
                    line.sports_start_at,
                    line.sports_end_at,
                    self.partner_id.id,
                    channel="pos",
                    # Recomputed from the line's price and taxes, not the amount the POS sent.
                    expected_amount=line._compute_amount_line_all()["price_subtotal_incl"],
                )
            except UserError as error:
                raise UserError(
                    self.env._(
                        "%(booking)s cannot be booked: %(reason)s Change or remove the line "
                        "and pay again.",
                        booking=self._sports_booking_label(line),
                        reason=error.args[0],
                    )
                ) from error
            # sudo: links the booking to the line that paid it; book() checked the rights.
            booking.sudo().write({"pos_order_line_id": line.id})

    def _sports_booking_check_line(self, line):
        if not line.product_id.sports_court_booking:
            raise UserError(
                self.env._(
                    "%(product)s does not book courts: use the Book court button.",
                    product=line.product_id.display_name,
                )
            )
        if not (line.sports_space_id and line.sports_start_at and line.sports_end_at):
            raise UserError(
                self.env._(
                    "%(product)s needs a court and a time: add it with the Book court button.",
                    product=line.product_id.display_name,
                )
            )
        label = self._sports_booking_label(line)
        if line.sports_space_id.venue_id != self.config_id.sports_venue_id:
            raise UserError(
                self.env._("%(booking)s: this desk books its own venue only.", booking=label)
            )
        if not self.partner_id:
            raise UserError(
                self.env._("%(booking)s: choose the customer of the booking.", booking=label)
            )
        if line.qty != 1:
            raise UserError(
                self.env._(
                    "%(booking)s: a booking line is one booking; its quantity must be 1.",
                    booking=label,
                )
            )
        if line.discount:
            raise UserError(
                self.env._("%(booking)s: no discount applies to court bookings.", booking=label)
            )

    def _sports_booking_refund(self):
        """Cancel the booking of each refunded booking line, once per refund line."""
        lines = self._sports_booking_lines().filtered(
            lambda line: line.qty < 0 and line.refunded_orderline_id
        )
        originals = lines.refunded_orderline_id
        self._sports_lock_lines(originals)
        originals.invalidate_recordset(["sports_booking_ids"])
        for line in lines:
            original = line.refunded_orderline_id
            if not line.sports_space_id:
                # The refund line carries what it refunds, as the original line does.
                line.write(
                    {
                        "sports_space_id": original.sports_space_id.id,
                        "sports_start_at": original.sports_start_at,
                        "sports_end_at": original.sports_end_at,
                    }
                )
            # sudo: the refund is the cashier's right; the booking is the system's record.
            bookings = original.sudo().sports_booking_ids
            if not bookings or bookings.filtered(lambda b, line=line: b.pos_refund_line_id == line):
                continue
            bookings = bookings.filtered(lambda b: b.state != "cancelled").with_env(self.env)
            if not bookings:
                continue
            if any(b.state not in ("held", "confirmed") for b in bookings) or any(
                b.start_at <= fields.Datetime.now() for b in bookings
            ):
                raise UserError(
                    self.env._(
                        "%(booking)s has started or was used already and cannot be refunded.",
                        booking=self._sports_booking_label(original),
                    )
                )
            bookings.action_cancel()
            # sudo: records which refund cancelled the booking; the cashier cancelled it.
            bookings.sudo().write({"pos_refund_line_id": line.id})
