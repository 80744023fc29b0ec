from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command


class SaleOrderLine(models.Model):
    """The discount line of a sports voucher, and the voucher's refund when the booking
    sold on a line is cancelled."""

    _inherit = "sale.order.line"

    sports_voucher_id = fields.Many2one(
        "sports.voucher",
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
        """Cancelling a booking refunds its voucher by the campaign's rule: a full refund
        when no fee is kept and no other booking of the order stays, else a partial one.
        The voucher no longer pays: its discount leaves what the customer gets back (the
        order line drops to 0, or the credit note takes the discount back). In an unpaid
        order, the reservation is released."""
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
        invoices = self.invoice_lines.move_id.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        Move = self.env["account.move"].sudo()
        credit_notes_before = Move.search([("reversed_entry_id", "in", invoices.ids)])
        res = super()._sports_booking_refund(booking, fee)
        if not redemptions:
            return res
        others = order.sports_booking_ids.filtered(
            lambda b: b != booking and b.state in ("confirmed", "checked_in", "done")
        )
        redemptions._refund(full=not fee and not others)
        discount = sum(redemptions.mapped("discount"))
        credit_note = Move.search([("reversed_entry_id", "in", invoices.ids)]) - credit_notes_before
        invoiced = voucher_lines.filtered("invoice_lines")
        if credit_note and invoiced:
            # The customer gets back what they paid for the booking, not the voucher's part.
            credit_note = credit_note[:1]
            credit_note.button_draft()
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": line.name,
                                "quantity": 1,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for line in invoiced
                    ]
                }
            )
            credit_note.action_post()
        (voucher_lines - invoiced).sudo().write({"price_unit": 0.0, "technical_price_unit": 0.0})
        booking.message_post(
            body=_(
                "The voucher's discount of %(discount)s is not given back: the customer "
                "paid that much less.",
                discount=discount,
            )
        )
        return res
