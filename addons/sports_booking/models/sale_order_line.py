from odoo import _, fields, models
from odoo.fields import Command


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    sports_booking_ids = fields.One2many(
        comodel_name="sports.booking", inverse_name="sale_line_id", string="Court Bookings"
    )

    def _sports_booking_refund(self, booking, fee):
        """Give the money of ``booking`` (sold on this line) back, less ``fee``.

        - invoiced: a credit note for what was invoiced for this booking, less the fee,
          detached from the order line so that the order is not invoiced again;
        - confirmed (paid online) but not invoiced: the line keeps only the fee, and the
          refund goes back to the payment;
        - a draft order: the line keeps the fee, or goes when there is none.
        """
        self.ensure_one()
        order = self.order_id
        invoice_lines = self.invoice_lines.filtered(
            lambda ln: ln.move_id.state == "posted" and ln.move_id.move_type == "out_invoice"
        )
        if invoice_lines:
            invoiced = sum(invoice_lines.mapped("price_unit"))
            refund = min(booking.amount_total, invoiced) - fee
            if refund <= 0:
                return
            invoice = invoice_lines.move_id[:1]
            # sudo: a member cancelling on the portal may not create accounting entries;
            # the booking and its invoice were checked by action_cancel's caller.
            credit_note = invoice.sudo()._reverse_moves(
                [{"ref": _("Cancellation of %(booking)s", booking=booking.name)}]
            )
            lines = credit_note.invoice_line_ids
            lines.filtered(lambda ln: self not in ln.sale_line_ids).unlink()
            lines.exists().write(
                {"price_unit": refund, "quantity": 1, "sale_line_ids": [Command.clear()]}
            )
            credit_note.action_post()
            booking.message_post(
                body=_(
                    "Refund of %(amount)s issued as credit note %(move)s.",
                    amount=refund,
                    move=credit_note.name,
                )
            )
        elif order.state == "sale":
            # sudo: see above; the paid order line now only bills the fee.
            self.sudo().price_unit = fee
            booking.message_post(
                body=_(
                    "Refund %(amount)s to the customer's payment (fee kept: %(fee)s).",
                    amount=booking.amount_total - fee,
                    fee=fee,
                )
            )
        elif order.state in ("draft", "sent"):
            if fee:
                self.sudo().price_unit = fee  # sudo: portal customers cannot edit order lines
            else:
                self.sudo().unlink()  # sudo: as above
                if not order.order_line:
                    order.sudo()._action_cancel()  # sudo: as above; nothing left to pay
