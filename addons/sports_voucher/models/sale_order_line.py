from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SaleOrderLine(models.Model):
    """The discount line of a sports voucher, and the voucher's refund when the booking
    sold on a line is cancelled."""

    _inherit = "sale.order.line"

    sports_voucher_id = fields.Many2one(
        "sports.voucher",
        string="Sports Voucher",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The voucher this discount line stands for, priced on the server.",
    )

    @api.constrains("sports_voucher_id", "price_unit", "product_uom_qty")
    def _check_sports_voucher_line(self):
        """A voucher line discounts once, never more than the voucher's face value."""
        for line in self.filtered("sports_voucher_id"):
            voucher = line.sports_voucher_id.sudo()  # sudo: the face value only
            if (
                line.product_uom_qty != 1
                or line.price_unit > 0
                or voucher.currency_id.compare_amounts(-line.price_unit, voucher.face_value) > 0
            ):
                raise ValidationError(
                    _("The line of voucher %(code)s cannot be changed.", code=voucher.code)
                )

    def _sports_booking_refund(self, booking, fee):
        """Cancelling a booking refunds its voucher by the campaign's rule (a kept fee
        makes it a partial refund); in an unpaid order, the reservation is released."""
        order = self.order_id.sudo()  # sudo: see sports_booking's _sports_booking_refund
        redemptions = (
            self.env["sports.voucher.redemption"]
            .sudo()
            .search([("sale_order_id", "=", order.id), ("state", "=", "valid")])
        )
        voucher_lines = order.order_line.filtered("sports_voucher_id")
        if not redemptions and order.state in ("draft", "sent"):
            # Released first, so that an order left without its booking line is cancelled.
            order._sports_voucher_release(order.sports_voucher_ids)
        res = super()._sports_booking_refund(booking, fee)
        if redemptions:
            redemptions._refund(full=not fee)
            # The voucher no longer pays for the order: its discount leaves the total.
            paid_lines = voucher_lines.filtered(lambda ln: not ln.invoice_lines)
            paid_lines.sudo().write({"price_unit": 0.0, "technical_price_unit": 0.0})
        return res
