from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_redeem import RedeemCase


@tagged("post_install", "-at_install")
class TestRedeemCheckout(RedeemCase):
    """A voucher at portal checkout: reserved in the unpaid order as a server-priced
    discount line, redeemed on payment, released on cancellation, refunded by rule."""

    def booking_order(self, space=None, days=1, hour=10, hours=1):
        booking = self.book(space or self.full, days, hour, hours=hours, channel="portal")
        order = self.order_for(booking)
        return booking, order

    def test_apply_reserves_and_discounts_the_order(self):
        booking, order = self.booking_order(hours=1)  # ¥100
        voucher = self.voucher(self.d30)
        total = order.amount_total
        options = order._sports_voucher_portal_options(self.customer)
        self.assertEqual([(v, d) for v, d, _r in options], [(voucher, 30)])
        line = order._sports_voucher_apply(voucher)
        self.assertEqual(line.sports_voucher_id, voucher)
        self.assertEqual(line.price_unit, -30)
        self.assertEqual(order.amount_total, total - 30)
        self.assertEqual(voucher.state, "reserved")
        self.assertEqual(voucher.sale_order_id, order)
        # Its income account is the operator's voucher clearing account.
        self.assertEqual(
            line.product_id.categ_id.with_company(
                order.company_id
            ).property_account_income_categ_id,
            order.company_id.sports_voucher_clearing_account_id,
        )
        # The desk cannot use it meanwhile.
        with self.assertRaisesRegex(UserError, f"reserved in order {order.name}"):
            voucher._redeem(self.venue, "desk", [self.line(200)])
        # Nobody edits the discount beyond the voucher.
        with self.assertRaisesRegex(ValidationError, "cannot be changed"):
            line.price_unit = -60
        with self.assertRaisesRegex(ValidationError, "cannot be changed"):
            line.product_uom_qty = 2

    def test_a_second_voucher_on_the_order_is_refused(self):
        _booking, order = self.booking_order(hours=2)
        order._sports_voucher_apply(self.voucher(self.d30))
        other = self.voucher(self.d15)
        with self.assertRaisesRegex(UserError, "Only one voucher can be used per order"):
            order._sports_voucher_apply(other)
        self.assertEqual(other.state, "held")
        self.assertEqual(len(order.order_line.filtered("sports_voucher_id")), 1)

    def test_threshold_on_the_order_price_from_the_server(self):
        _booking, order = self.booking_order(hours=1)  # ¥100 of court
        # What a browser could never change: the booking line's server price decides.
        order.order_line.price_unit = 90
        with self.assertRaisesRegex(UserError, "needs"):
            order._sports_voucher_apply(self.voucher(self.d30))

    def test_someone_elses_voucher_is_refused(self):
        _booking, order = self.booking_order()
        with self.assertRaisesRegex(UserError, "not yours"):
            order._sports_voucher_apply(self.voucher(partner=self.customer2))

    def test_payment_redeems_and_the_paid_amount_is_total_minus_discount(self):
        booking, order = self.booking_order(hours=1)
        voucher = self.voucher(self.d30)
        order._sports_voucher_apply(voucher)
        self.assertEqual(order.amount_total, booking.amount_total - 30)
        order.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(voucher.state, "used")
        redemption = voucher.redemption_ids
        self.assertRecordValues(
            redemption,
            [{"channel": "online", "sale_order_id": order.id, "discount": 30, "state": "valid"}],
        )
        with self.assertRaisesRegex(UserError, "already paid or cancelled"):
            order._sports_voucher_remove(voucher)

    def test_remove_and_cancel_release_the_voucher(self):
        _booking, order = self.booking_order()
        voucher = self.voucher()
        order._sports_voucher_apply(voucher)
        order._sports_voucher_remove(voucher)
        self.assertEqual(voucher.state, "held")
        self.assertFalse(order.order_line.filtered("sports_voucher_id"))
        order._sports_voucher_apply(voucher)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(voucher.state, "held")
        self.assertFalse(voucher.sale_order_id)

    def test_cancelled_unpaid_booking_releases_the_voucher(self):
        booking, order = self.booking_order()
        voucher = self.voucher()
        order._sports_voucher_apply(voucher)
        booking.action_cancel()
        self.assertEqual(voucher.state, "held")
        self.assertEqual(order.state, "cancel", "nothing is left to pay")

    def test_cron_releases_the_voucher_of_an_expired_hold(self):
        booking, order = self.booking_order()
        self.assertEqual(booking.state, "held")
        # The hold ran out a minute ago (the booking's state changes through its buttons).
        self.env.cr.execute(
            "UPDATE sports_booking SET hold_expires_at = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=1), booking.id],
        )
        booking.invalidate_recordset(["hold_expires_at"])
        voucher = self.voucher()
        order._sports_voucher_apply(voucher)
        self.env["sports.booking"]._cron_expire_and_no_show()
        self.assertEqual(booking.state, "expired")
        self.Voucher._cron_expire()
        self.assertEqual(voucher.state, "held")
        self.assertFalse(order.order_line.filtered("sports_voucher_id"))

    def test_cancelling_a_paid_booking_refunds_by_rule(self):
        for days, rule, fee_percent, expected in (
            (3, "restore", 0, "held"),
            (4, "restore", 20, "voided"),
            (5, "forfeit", 0, "forfeited"),
        ):
            with self.subTest(rule=rule, fee=fee_percent):
                self.campaign.refund_rule = rule
                self.venue.write(
                    {
                        "booking_cancel_free_hours": 0 if not fee_percent else 100000,
                        "booking_cancel_fee_percent": fee_percent,
                    }
                )
                booking, order = self.booking_order(days=days, hour=12)
                voucher = self.voucher()
                order._sports_voucher_apply(voucher)
                order.action_confirm()
                self.assertEqual(voucher.state, "used")
                booking.action_cancel()
                self.assertEqual(voucher.state, expected)
                self.assertEqual(voucher.redemption_ids.state, "refunded")
                self.assertEqual(order.order_line.filtered("sports_voucher_id").price_unit, 0)

    def test_invoiced_booking_refund_keeps_the_voucher_part(self):
        self.venue.write({"booking_cancel_free_hours": 0, "booking_cancel_fee_percent": 0})
        booking, order = self.booking_order(days=6, hour=12)  # ¥100
        voucher = self.voucher(self.d30)
        order._sports_voucher_apply(voucher)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 70)
        booking.action_cancel()
        credit_note = self.env["account.move"].search([("reversed_entry_id", "=", invoice.id)])
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 70, "the customer gets back what they paid")
        self.assertEqual(voucher.state, "held")
        clearing = order.company_id.sports_voucher_clearing_account_id
        self.assertEqual(
            sum(
                credit_note.line_ids.filtered(lambda ln: ln.account_id == clearing).mapped(
                    "balance"
                )
            ),
            -30,
            "the voucher's part goes back out of the clearing account",
        )
