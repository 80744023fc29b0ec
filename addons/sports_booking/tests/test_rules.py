from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingRules(BookingCase):
    def test_price_is_computed_on_the_server(self):
        booking = self.book(self.court2, 1, 10, hours=2)
        self.assertEqual(booking.amount_total, 200.0)
        self.assertEqual(booking.state, "confirmed")

    def test_tampered_price_is_refused_and_nothing_is_created(self):
        count = self.Booking.search_count([])
        with self.assertRaisesRegex(UserError, r"is .*100\.00, not .*1\.00"):
            self.book(self.court2, 1, 10, channel="portal", expected_amount=1.0)
        self.assertEqual(self.Booking.search_count([]), count)
        booking = self.book(self.court2, 1, 10, channel="portal", expected_amount=100.0)
        self.assertEqual(booking.state, "held")
        self.assertTrue(booking.hold_expires_at)

    def test_past_slot_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "already started or passed"):
            self.book(self.court2, -1, 10)

    def test_outside_opening_hours_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 1, 21, hours=2)
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.book(self.court2, 1, 5)

    def test_off_grid_times_are_refused(self):
        start = self.local(1, 10, 30)
        with self.assertRaisesRegex(ValidationError, "grid"):
            self.Booking.book(self.court2.id, start, start + timedelta(hours=1), self.customer.id)
        start = self.local(1, 10)
        with self.assertRaisesRegex(ValidationError, "grid"):
            self.Booking.book(
                self.court2.id, start, start + timedelta(minutes=90), self.customer.id
            )

    def test_end_before_start_is_refused(self):
        start = self.local(1, 10)
        with self.assertRaisesRegex(ValidationError, "end after it starts"):
            self.Booking.book(self.court2.id, start, start - timedelta(hours=1), self.customer.id)

    def test_too_long_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "at most 240 minutes"):
            self.book(self.court2, 1, 8, hours=5)

    def test_booking_window_and_lead_time_apply_online(self):
        with self.assertRaisesRegex(ValidationError, "14 days ahead"):
            self.book(self.court2, 16, 10, channel="portal")
        # Staff may book further ahead.
        self.book(self.court2, 16, 10)
        self.venue.booking_lead_minutes = 24 * 60 * 3
        with self.assertRaisesRegex(ValidationError, "at least 4320 minutes"):
            self.book(self.court2, 1, 10, channel="portal")

    def test_daily_limit_per_member_online(self):
        self.book(self.court2, 1, 10, hours=2, channel="portal")
        self.book(self.half_a, 1, 14, hours=1, channel="portal")
        with self.assertRaisesRegex(ValidationError, "at most 180 minutes a day"):
            self.book(self.half_b, 1, 16, hours=1, channel="portal")
        # Another day is fine.
        self.book(self.half_b, 2, 16, hours=1, channel="portal")

    def test_space_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other operator"})
        other_venue = self.env["sports.venue"].create(
            {"name": "Foreign", "code": "FRN", "company_id": other_company.id}
        )
        foreign = self.env["sports.space"].create({"name": "F1", "venue_id": other_venue.id})
        user = self.env["res.users"].create(
            {
                "name": "Desk",
                "login": "desk_rules",
                "company_id": self.env.company.id,
                "company_ids": [(6, 0, self.env.company.ids)],
                "group_ids": [(6, 0, [self.env.ref("sports_venue.group_arena_user").id])],
            }
        )
        start = self.local(1, 10)
        with self.assertRaisesRegex(UserError, "another company"):
            self.Booking.with_user(user).book(
                foreign.id, start, start + timedelta(hours=1), self.customer.id
            )

    def test_form_create_applies_rules_and_price(self):
        Booking = self.Booking.with_user(self.desk)
        booking = Booking.create(
            {
                "space_id": self.court2.id,
                "partner_id": self.customer.id,
                "start_at": self.local(1, 8),
                "end_at": self.local(1, 9),
            }
        )
        self.assertEqual(booking.amount_total, 100.0)
        with self.assertRaisesRegex(ValidationError, "grid"):
            Booking.create(
                {
                    "space_id": self.court2.id,
                    "partner_id": self.customer.id,
                    "start_at": self.local(1, 8, 15),
                    "end_at": self.local(1, 9),
                }
            )

    def test_amounts_cannot_be_edited(self):
        booking = self.book(self.court2, 1, 10)
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            booking.write({"amount_total": 0.0})
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            booking.write({"cancel_fee": 0.0})

    def test_rpc_context_cannot_skip_validation(self):
        forged = self.Booking.with_user(self.desk).with_context(sports_booking_validated=True)
        with self.assertRaisesRegex(ValidationError, "grid"):
            forged.create(
                {
                    "space_id": self.court2.id,
                    "partner_id": self.customer.id,
                    "start_at": self.local(1, 8, 15),
                    "end_at": self.local(1, 9),
                    "amount_total": 0.0,
                }
            )
        booking = forged.create(
            {
                "space_id": self.court2.id,
                "partner_id": self.customer.id,
                "start_at": self.local(1, 8),
                "end_at": self.local(1, 9),
                "amount_total": 0.0,
            }
        )
        self.assertEqual(booking.amount_total, 100.0)

    def test_portal_users_book_only_through_the_website(self):
        portal = new_test_user(self.env, login="booking_portal_rules", groups="base.group_portal")
        start, end = self.local(1, 8), self.local(1, 9)
        with self.assertRaises(AccessError):
            self.Booking.with_user(portal).create(
                {"space_id": self.court2.id, "start_at": start, "end_at": end}
            )
        # Nor through book() over RPC, where they could pick a channel that skips payment.
        with self.assertRaises(AccessError):
            self.Booking.with_user(portal).book(
                self.court2.id, start, end, portal.partner_id.id, "backend"
            )

    def test_staff_book_creates_with_their_own_user(self):
        booking = self.Booking.with_user(self.desk).book(
            self.court2.id, self.local(1, 8), self.local(1, 9), self.customer.id
        )
        self.assertEqual(booking.amount_total, 100.0)
        self.assertEqual(booking.create_uid, self.desk)
        self.assertEqual(booking.env.uid, self.desk.id)
        self.assertFalse(booking.env.su)

    def test_moving_a_paid_booking_keeps_the_paid_price(self):
        booking = self.book(self.court2, 1, 10)
        order = self.order_for(booking)
        order.action_confirm()
        self.rule.price_per_hour = 500
        booking.write({"end_at": booking.end_at + timedelta(hours=1)})
        self.assertEqual(booking.amount_total, 100.0)
        self.assertIn("settle the difference", booking.message_ids[0].body)

    def test_no_price_rule_gives_a_clear_error(self):
        self.rule.active = False
        with self.assertRaisesRegex(UserError, "no price"):
            self.book(self.court2, 1, 10)


@tagged("post_install", "-at_install")
class TestCancellationAndHolds(BookingCase):
    def test_free_cancellation_before_the_deadline(self):
        booking = self.book(self.court2, 3, 10, hours=2)
        booking.action_cancel()
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(booking.cancel_fee, 0.0)

    def test_late_cancellation_fee(self):
        booking = self.book(self.court2, 1, 20, hours=2)  # tomorrow evening: within 24 h
        with freeze_time(booking.start_at - timedelta(hours=3)):
            self.assertEqual(booking._cancel_fee_for(), 100.0)  # 50% of 200
            booking.action_cancel()
        self.assertEqual(booking.cancel_fee, 100.0)

    def test_fee_boundary_is_exactly_the_free_hours(self):
        booking = self.book(self.court2, 3, 10)
        deadline = booking.start_at - timedelta(hours=24)
        self.assertEqual(booking._cancel_fee_for(deadline), 0.0)
        self.assertEqual(booking._cancel_fee_for(deadline + timedelta(seconds=1)), 50.0)

    def test_cancelled_booking_cannot_be_cancelled_again(self):
        booking = self.book(self.court2, 3, 10)
        booking.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            booking.action_cancel()

    def test_invoiced_booking_is_refunded_by_credit_note_minus_fee(self):
        booking = self.book(self.court2, 1, 20, hours=2)
        order = self.order_for(booking)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        with freeze_time(booking.start_at - timedelta(hours=2)):
            booking.action_cancel()
        refund = self.env["account.move"].search(
            [("reversed_entry_id", "=", invoice.id), ("move_type", "=", "out_refund")]
        )
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.amount_untaxed, 100.0)  # 200 paid - 50% fee
        # The order is not billed again for the refunded booking.
        self.assertEqual(order.order_line.qty_to_invoice, 0)
        self.assertNotEqual(order.invoice_status, "to invoice")

    def test_unpaid_hold_expires_and_a_late_payment_reinstates_it(self):
        booking = self.book(self.court2, 1, 10, channel="portal")
        order = self.order_for(booking)
        self.Booking._cron_expire_and_no_show()
        self.assertEqual(booking.state, "held")  # not yet
        with freeze_time(booking.hold_expires_at + timedelta(seconds=1)):
            self.Booking._cron_expire_and_no_show()
        self.assertEqual(booking.state, "expired")
        self.assertEqual(order.state, "draft")  # still payable
        self.assertFalse(any(booking.occupancy_ids.mapped("is_blocking")))
        order.action_confirm()  # the payment arrives late; the slot is still free
        self.assertEqual(booking.state, "confirmed")
        self.assertTrue(all(booking.occupancy_ids.mapped("is_blocking")))

    def test_late_payment_for_a_slot_taken_meanwhile_asks_for_a_refund(self):
        booking = self.book(self.court2, 1, 10, channel="portal")
        order = self.order_for(booking)
        with freeze_time(booking.hold_expires_at + timedelta(seconds=1)):
            self.Booking._cron_expire_and_no_show()
        other = self.book(self.court2, 1, 10, partner=self.customer2)
        order.action_confirm()
        self.assertEqual(booking.state, "expired")
        self.assertEqual(other.state, "confirmed")
        self.assertIn("refund", " ".join(order.message_ids.mapped("body")))

    def test_cancelling_the_order_releases_confirmed_bookings(self):
        booking = self.book(self.court2, 2, 10)
        order = self.order_for(booking)
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(booking.state, "cancelled")
        self.book(self.court2, 2, 10, partner=self.customer2)

    def test_paid_but_not_invoiced_cancellation_bills_only_the_fee(self):
        booking = self.book(self.court2, 1, 20, hours=2)
        order = self.order_for(booking)
        order.action_confirm()
        with freeze_time(booking.start_at - timedelta(hours=2)):
            booking.action_cancel()
        self.assertEqual(order.order_line.price_unit, 100.0)

    def test_payment_confirms_the_held_booking(self):
        booking = self.book(self.court2, 1, 10, channel="portal")
        order = self.order_for(booking)
        order.action_confirm()
        self.assertEqual(booking.state, "confirmed")
        self.assertFalse(booking.hold_expires_at)

    def test_no_show_and_done_by_cron(self):
        no_show = self.book(self.court2, 1, 10)
        present = self.book(self.half_a, 1, 10)
        with freeze_time(no_show.start_at + timedelta(minutes=5)):
            present.action_check_in()
            self.Booking._cron_expire_and_no_show()
            self.assertEqual(no_show.state, "confirmed")  # still within the grace time
        with freeze_time(no_show.start_at + timedelta(minutes=16)):
            self.Booking._cron_expire_and_no_show()
        self.assertEqual(no_show.state, "no_show")
        with freeze_time(present.end_at + timedelta(minutes=1)):
            self.Booking._cron_expire_and_no_show()
        self.assertEqual(present.state, "done")
