import logging

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    """A voucher at portal checkout: reserved in the unpaid order as a discount line,
    redeemed (核销) when the order is paid, released when it is cancelled or abandoned."""

    _inherit = "sale.order"

    sports_voucher_ids = fields.One2many(
        "sports.voucher", "sale_order_id", string="Vouchers", readonly=True
    )

    # ------------------------------------------------------------------------------------
    # What a voucher sees of the order
    # ------------------------------------------------------------------------------------
    def _sports_voucher_venue(self):
        self.ensure_one()
        # sudo: the order's bookings are read for the member's own order page.
        return self.sudo().sports_booking_ids.venue_id[:1]

    def _sports_voucher_lines(self):
        """The order's lines as the eligibility engine reads them, from the server's prices
        (booking lines carry their booking, space sports and start)."""
        self.ensure_one()
        lines = []
        # sudo: as above; the amounts are the order's own, computed on the server.
        for line in self.sudo().order_line:
            if line.sports_voucher_id or line.display_type or line.price_total <= 0:
                continue
            bookings = line.sports_booking_ids.filtered(
                lambda b: b.state in ("held", "confirmed", "expired")
            )
            booking = bookings[:1]
            if line.sports_booking_ids and not booking:
                continue  # a cancelled booking's line keeps only a fee
            lines.append(
                {
                    "amount": line.price_total,
                    "sport_id": False,
                    "sport_ids": booking.space_id.sport_ids.ids,
                    "categ_id": line.product_id.categ_id.id,
                    "booking_id": booking.id,
                    "whole_court": bool(booking) and not booking.space_id.composite_ids,
                    "start": booking.start_at or False,
                }
            )
        return lines

    def _sports_voucher_open(self):
        """Whether vouchers may still be added to or removed from this order."""
        self.ensure_one()
        return self.state in ("draft", "sent") and not self.sudo().transaction_ids.filtered(
            lambda t: t.state in ("pending", "authorized", "done")
        )

    def _sports_voucher_portal_options(self, partner):
        """[(voucher, discount or None, reason or None)] of ``partner``'s held vouchers
        for this order, and the vouchers already in it, for the order's portal page."""
        self.ensure_one()
        venue = self._sports_voucher_venue()
        if (
            not venue
            or not partner
            or partner != self.partner_id
            or not self._sports_voucher_open()
        ):
            return []
        # sudo: the member's own vouchers (their partner is the order's).
        vouchers = (
            self.env["sports.voucher"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "=", "held")])
        )
        lines = self._sports_voucher_lines()
        options = []
        for voucher in vouchers:
            try:
                options.append((voucher, voucher._check_redeemable(venue, "online", lines), None))
            except UserError as exc:
                options.append((voucher, None, exc.args[0]))
        return sorted(options, key=lambda o: (o[1] is None, -(o[1] or 0)))

    # ------------------------------------------------------------------------------------
    # Apply and remove (portal)
    # ------------------------------------------------------------------------------------
    def _sports_voucher_apply(self, voucher):
        """Reserve ``voucher`` in this order with a discount line priced on the server."""
        self.ensure_one()
        # sudo: the member's own order and voucher, checked by the caller; the discount
        # line, the voucher's state and the clearing account are written for them.
        order, voucher = self.sudo(), voucher.sudo()
        if voucher.partner_id != order.partner_id:
            raise UserError(_("This voucher is not yours."))
        if not order._sports_voucher_open():
            raise UserError(
                _("This order is already paid or cancelled: vouchers can no longer change.")
            )
        venue = order._sports_voucher_venue()
        if not venue:
            raise UserError(_("Vouchers apply to court bookings; this order has none."))
        voucher._redeem_lock()
        if voucher.state == "reserved" and voucher.sale_order_id == order:
            return order.order_line.filtered(lambda ln: ln.sports_voucher_id == voucher)
        if voucher.campaign_id.one_per_order and order.order_line.filtered("sports_voucher_id"):
            raise UserError(_("Only one voucher can be used per order."))
        discount = voucher._check_redeemable(venue, "online", order._sports_voucher_lines())
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher SET state = 'reserved', sale_order_id = %s, "
                "write_date = now() AT TIME ZONE 'UTC' WHERE id = %s AND state = 'held' "
                "RETURNING id",
                order.id,
                voucher.id,
            )
        )
        if not self.env.cr.fetchone():
            raise UserError(_("This voucher was just used: it cannot be used twice."))
        voucher.invalidate_recordset(["state", "sale_order_id"])
        venue.company_id._sports_voucher_clearing_account()
        product = self.env.ref("sports_voucher.product_sports_voucher").sudo()
        return order.env["sale.order.line"].create(
            {
                "order_id": order.id,
                "product_id": product.id,
                "name": _(
                    "Sports voucher %(code)s (%(denomination)s)",
                    code=voucher.code,
                    denomination=voucher.denomination_id.name,
                ),
                "product_uom_qty": 1,
                "price_unit": -discount,
                "technical_price_unit": -discount,
                "tax_ids": [Command.clear()],
                "sports_voucher_id": voucher.id,
            }
        )

    def _sports_voucher_remove(self, voucher):
        """Take ``voucher`` out of this unpaid order: it is held again."""
        self.ensure_one()
        order = self.sudo()  # sudo: as in _sports_voucher_apply
        if not order._sports_voucher_open():
            raise UserError(
                _("This order is already paid or cancelled: vouchers can no longer change.")
            )
        order._sports_voucher_release(voucher.sudo())

    def _sports_voucher_release(self, vouchers):
        """Vouchers reserved in these orders go back to their holders (held, or expired
        past their date) and their discount lines leave the orders."""
        vouchers = vouchers.filtered(lambda v: v.sale_order_id in self and v.state == "reserved")
        if not vouchers:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher SET sale_order_id = NULL, write_date = now() AT TIME "
                "ZONE 'UTC', state = CASE WHEN expires_at <= %s THEN 'expired' ELSE 'held' END "
                "WHERE id IN %s AND state = 'reserved'",
                fields.Datetime.now(),
                tuple(vouchers.ids),
            )
        )
        vouchers.invalidate_recordset(["state", "sale_order_id"])
        self.order_line.filtered(lambda ln: ln.sports_voucher_id in vouchers).unlink()

    # ------------------------------------------------------------------------------------
    # Payment and cancellation
    # ------------------------------------------------------------------------------------
    def _confirm_sports_bookings(self):
        res = super()._confirm_sports_bookings()
        self._sports_voucher_redeem_reserved()
        return res

    def _sports_voucher_redeem_reserved(self):
        """The paid order's reserved vouchers become redemptions (核销). One that can no
        longer be redeemed is released, and the order says what the customer owes."""
        # sudo: payment confirmation runs for the paying member or the system.
        for order in self.sudo():
            for line in order.order_line.filtered("sports_voucher_id"):
                voucher = line.sports_voucher_id
                if voucher.redemption_ids.filtered(
                    lambda r: r.state == "valid" and r.sale_order_id == order
                ):
                    continue
                booking = order.sports_booking_ids.filtered(
                    lambda b: b.state == "confirmed"
                ).sorted("amount_total", reverse=True)[:1]
                try:
                    with self.env.cr.savepoint():
                        voucher._redeem(
                            order._sports_voucher_venue(),
                            "online",
                            order._sports_voucher_lines(),
                            sale_order=order,
                            booking=booking if voucher.is_group else None,
                        )
                except UserError as exc:
                    _logger.warning(
                        "Voucher %s of %s not redeemed: %s", voucher.code, order.name, exc
                    )
                    order.message_post(
                        body=_(
                            "Voucher %(code)s could not be redeemed on payment (%(reason)s): "
                            "the customer owes its discount of %(amount)s.",
                            code=voucher.code,
                            reason=exc.args[0],
                            amount=-line.price_total,
                        )
                    )

    def _action_cancel(self):
        res = super()._action_cancel()
        # sudo: whoever cancels the order releases the vouchers reserved in it.
        self.sudo()._sports_voucher_release(self.sudo().sports_voucher_ids)
        return res
