from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sports_booking_ids = fields.One2many(
        comodel_name="sports.booking", inverse_name="sale_order_id", string="Court Bookings"
    )
    sports_booking_count = fields.Integer(compute="_compute_sports_booking_count")

    @api.depends("sports_booking_ids")
    def _compute_sports_booking_count(self):
        counts = dict(
            self.env["sports.booking"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.sports_booking_count = counts.get(order, 0)

    def action_confirm(self):
        res = super().action_confirm()
        self._confirm_sports_bookings()
        return res

    def _confirm_sports_bookings(self):
        """Paid or confirmed orders confirm their held bookings.

        A booking whose hold expired before the payment arrived is reinstated when its
        slot is still free; otherwise the order says so, for a refund.
        """
        # sudo: payment confirmation runs for the paying portal user or the system.
        bookings = self.sudo().sports_booking_ids
        bookings.filtered(lambda b: b.state == "held").action_confirm()
        for booking in bookings.filtered(lambda b: b.state == "expired"):
            try:
                with self.env.cr.savepoint():
                    booking._set_state({"state": "confirmed", "hold_expires_at": False})
            except ValidationError:
                booking.sale_order_id.message_post(
                    body=_(
                        "Booking %(booking)s expired before payment and its slot was taken "
                        "meanwhile: refund %(amount)s to the customer.",
                        booking=booking.name,
                        amount=booking.amount_total,
                    )
                )

    def _action_cancel(self):
        res = super()._action_cancel()
        # sudo: cancelling the order releases its bookings whoever cancels it; the money
        # side is the order's own cancellation.
        self.sudo().sports_booking_ids.filtered(
            lambda b: b.state in ("held", "confirmed")
        )._set_state({"state": "cancelled"})
        return res

    def action_view_sports_bookings(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_booking.sports_booking_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action
