from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_redeem import RedeemCase


@tagged("post_install", "-at_install")
class TestRedeemEngine(RedeemCase):
    """Every refusal of the eligibility engine says why; discounts are never wrong."""

    def assertRefused(self, voucher, lines, message, channel="desk", when=None, venue=None):
        with self.assertRaisesRegex(UserError, message):
            voucher._check_redeemable(venue or self.venue, channel, lines, when=when)

    def test_discount_is_face_value_capped_by_eligible_amount(self):
        voucher = self.voucher(self.d30)
        self.assertEqual(voucher._check_redeemable(self.venue, "desk", [self.line(120)]), 30)
        # The engine takes what the caller priced: tax-included amounts of several lines.
        self.assertEqual(
            voucher._check_redeemable(self.venue, "online", [self.line(60), self.line(40)]), 30
        )

    def test_threshold_counts_eligible_lines_only(self):
        self.campaign.sport_ids = self.basketball
        voucher = self.voucher(self.d30)
        lines = [self.line(60), self.line(80, sport=False)]  # ¥80 of a sport-less line
        self.assertRefused(
            voucher, lines, r"needs \S+\s?100\.00 of eligible items; this order has \S+\s?60\.00"
        )
        lines.append(self.line(40))
        self.assertEqual(voucher._check_redeemable(self.venue, "desk", lines), 30)

    def test_expired_voucher_is_refused(self):
        voucher = self.voucher(expires_at=fields.Datetime.now() - timedelta(minutes=1))
        self.assertRefused(voucher, [self.line(60)], "This voucher expired on")
        voucher.sudo().write({"state": "expired"})
        self.assertRefused(voucher, [self.line(60)], "This voucher expired on")

    def test_used_voided_forfeited_are_refused(self):
        for state, message in (
            ("used", "already used"),
            ("voided", "voided by a partial refund"),
            ("forfeited", "forfeited by a refund"),
        ):
            voucher = self.voucher(state=state, used_at=fields.Datetime.now())
            self.assertRefused(voucher, [self.line(60)], message)

    def test_campaign_not_running_is_refused(self):
        voucher = self.voucher()
        self.campaign.action_close()
        self.assertRefused(voucher, [self.line(60)], "Test Campaign is not running")

    def test_campaign_period_is_checked(self):
        voucher = self.voucher()
        self.campaign.date_end = fields.Date.context_today(self.env.user) - timedelta(days=1)
        self.assertRefused(voucher, [self.line(60)], "is not running")

    def test_channel_not_allowed_is_refused(self):
        voucher = self.voucher()
        self.campaign.channel_desk = False
        self.assertRefused(voucher, [self.line(60)], "cannot be used at the desk")
        self.assertEqual(voucher._check_redeemable(self.venue, "online", [self.line(60)]), 15)
        self.campaign.write({"channel_desk": True, "channel_online": False})
        self.assertRefused(voucher, [self.line(60)], "cannot be used online", channel="online")
        self.assertRefused(voucher, [self.line(60)], "Unknown redemption channel", channel="mail")

    def test_venue_must_be_approved_and_not_suspended(self):
        voucher = self.voucher()
        other = self.env["sports.venue"].create({"name": "Elsewhere", "code": "ELW"})
        self.assertRefused(voucher, [self.line(60)], "Elsewhere does not take part", venue=other)
        self.participation.state = "applied"
        self.assertRefused(voucher, [self.line(60)], "does not take part")
        self.participation.state = "warned"
        self.assertEqual(voucher._check_redeemable(self.venue, "desk", [self.line(60)]), 15)
        self.participation.state = "suspended"
        self.assertRefused(voucher, [self.line(60)], "is suspended from Test Campaign")

    def test_wrong_sport_is_refused(self):
        tennis = self.env["sports.sport"].create({"name": "Voucher Tennis", "code": "VTEN"})
        self.campaign.sport_ids = tennis
        voucher = self.voucher()
        self.assertRefused(voucher, [self.line(60)], "only for Voucher Tennis")
        self.assertEqual(
            voucher._check_redeemable(self.venue, "desk", [self.line(60, sport=tennis)]), 15
        )
        # A court serving several sports counts when one of them is eligible.
        line = dict(self.line(60, sport=False), sport_ids=[self.basketball.id, tennis.id])
        self.assertEqual(voucher._check_redeemable(self.venue, "desk", [line]), 15)

    def test_product_category_includes_children(self):
        Category = self.env["product.category"]
        sport = Category.create({"name": "Sport services"})
        courts = Category.create({"name": "Courts", "parent_id": sport.id})
        drinks = Category.create({"name": "Drinks"})
        self.campaign.product_categ_ids = sport
        voucher = self.voucher()
        self.assertRefused(voucher, [self.line(60, categ=drinks)], "only for Sport services")
        self.assertRefused(voucher, [self.line(60)], "only for Sport services")
        self.assertEqual(
            voucher._check_redeemable(self.venue, "desk", [self.line(60, categ=courts)]), 15
        )

    def test_weekday_and_hours_on_booked_start(self):
        self.campaign.write({"weekday_only": True, "hour_from": 6.0, "hour_to": 18.0})
        voucher = self.voucher()
        days = next(d for d in range(1, 8) if self.venue._localize(self.local(d, 10)).weekday() < 5)
        saturday = next(
            d for d in range(1, 8) if self.venue._localize(self.local(d, 10)).weekday() == 5
        )
        self.assertRefused(voucher, [self.line(60, start=self.local(saturday, 10))], "on weekdays")
        self.assertRefused(
            voucher, [self.line(60, start=self.local(days, 19))], "from 06:00 to 18:00"
        )
        self.assertEqual(
            voucher._check_redeemable(
                self.venue, "desk", [self.line(60, start=self.local(days, 17))]
            ),
            15,
        )
        # A line without a booked start is checked on the time of the redemption.
        self.assertRefused(voucher, [self.line(60)], "from 06:00", when=self.local(days, 20))

    def test_uses_per_day(self):
        self.campaign.limit_uses_day = 1
        first, second = self.voucher(), self.voucher()
        first._redeem(self.venue, "desk", [self.line(60)])
        self.assertRefused(second, [self.line(60)], r"1 voucher\(s\) of this campaign per day")
        # Tomorrow (local day of the venue) the count starts again.
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        self.assertEqual(
            second._check_redeemable(self.venue, "desk", [self.line(60)], when=tomorrow), 15
        )

    def test_group_voucher_whole_court_half_price_once_per_slot(self):
        voucher = self.voucher(self.dgroup)
        half = self.book(self.half_a, 1, 10, hours=2)  # ¥200 of a half court
        self.assertRefused(voucher, [self.line(half.amount_total, half)], "whole-court booking")
        self.assertRefused(voucher, [self.line(150)], "whole-court booking")  # not a booking
        full = self.book(self.full, 2, 10, hours=1)
        self.assertEqual(full.amount_total, 100)
        # ¥100 face value, at most half of the ¥100 court: ¥50.
        self.assertEqual(voucher._check_redeemable(self.venue, "desk", [self.line(100, full)]), 50)
        redemption = voucher._redeem(self.venue, "desk", [self.line(100, full)], booking=full)
        self.assertTrue(redemption.is_group)
        self.assertEqual(redemption.discount, 50)
        self.assertEqual(redemption.booking_id, full)
        other = self.voucher(self.dgroup, partner=self.customer2)
        self.assertRefused(other, [self.line(100, full)], "already carries a group voucher")
        # The database holds the rule whatever the Python checks.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["sports.voucher.redemption"].create(
                {
                    "voucher_id": other.id,
                    "campaign_id": self.campaign.id,
                    "venue_id": self.venue.id,
                    "company_id": self.venue.company_id.id,
                    "channel": "desk",
                    "booking_id": full.id,
                    "discount": 10,
                    "is_group": True,
                }
            )

    def test_redeem_writes_the_verification_record(self):
        voucher = self.voucher(self.d30)
        booking = self.book(self.full, 1, 10, hours=2)
        cashier = self.desk
        redemption = voucher.with_user(cashier)._redeem(
            self.venue, "desk", [self.line(booking.amount_total, booking)], booking=booking
        )
        self.assertRecordValues(
            redemption,
            [
                {
                    "voucher_id": voucher.id,
                    "venue_id": self.venue.id,
                    "company_id": self.venue.company_id.id,
                    "channel": "desk",
                    "discount": 30,
                    "order_amount": booking.amount_total,
                    "user_id": cashier.id,
                    "slot_start": booking.start_at,
                    "state": "valid",
                    "is_group": False,
                }
            ],
        )
        self.assertEqual(voucher.state, "used")
        self.assertTrue(voucher.used_at)
        with self.assertRaisesRegex(UserError, "just used"):
            voucher._redeem(self.venue, "online", [self.line(200)])
        self.assertEqual(len(voucher.redemption_ids), 1)

    def test_pos_line_uuid_redeems_once(self):
        voucher = self.voucher()
        first = voucher._redeem(self.venue, "desk", [self.line(60)], pos_line_uuid="uuid-1")
        again = voucher._redeem(self.venue, "desk", [self.line(60)], pos_line_uuid="uuid-1")
        self.assertEqual(first, again)
        self.assertEqual(
            self.env["sports.voucher.redemption"].search_count([("voucher_id", "=", voucher.id)]), 1
        )
        with self.assertRaisesRegex(UserError, "already redeemed another voucher"):
            self.voucher()._redeem(self.venue, "desk", [self.line(60)], pos_line_uuid="uuid-1")

    def test_one_voucher_per_order(self):
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.voucher()._redeem(self.venue, "online", [self.line(60)], sale_order=order)
        second = self.voucher(partner=self.customer)
        with self.assertRaisesRegex(UserError, "Only one voucher can be used per order"):
            second._redeem(self.venue, "online", [self.line(60)], sale_order=order)
        self.assertEqual(second.state, "held")
        self.campaign.one_per_order = False
        self.campaign.limit_uses_day = 0
        self.assertTrue(second._redeem(self.venue, "online", [self.line(60)], sale_order=order))

    def test_reserved_voucher_is_refused_at_the_desk(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.env.ref("sports_booking.product_court_booking").id,
                            "price_unit": 80,
                        }
                    )
                ],
            }
        )
        voucher = self.voucher(state="reserved", sale_order_id=order.id)
        self.assertRefused(voucher, [self.line(60)], f"reserved in order {order.name}")
        with self.assertRaisesRegex(UserError, f"reserved in order {order.name}"):
            voucher._redeem(self.venue, "desk", [self.line(60)])
        self.assertEqual(voucher.state, "reserved")

    def test_refund_rules(self):
        cases = (
            ("restore", True, False, "held"),
            ("restore", True, True, "expired"),
            ("restore", False, False, "voided"),
            ("forfeit", True, False, "forfeited"),
            ("forfeit", False, False, "forfeited"),
        )
        for rule, full, past, expected in cases:
            with self.subTest(rule=rule, full=full, past=past):
                self.campaign.refund_rule = rule
                voucher = self.voucher()
                redemption = voucher._redeem(self.venue, "desk", [self.line(60)])
                if past:
                    voucher.sudo().expires_at = fields.Datetime.now() - timedelta(seconds=1)
                redemption._refund(full=full)
                self.assertEqual(voucher.state, expected)
                self.assertEqual(redemption.state, "refunded")
                self.assertTrue(redemption.refunded_at)
                # A second refund of the same redemption changes nothing.
                redemption._refund(full=True)
                self.assertEqual(voucher.state, expected)
        restored = self.Voucher.search([("state", "=", "held"), ("redemption_ids", "!=", False)])
        self.assertEqual(len(restored), 1)
        self.assertEqual(
            restored._check_redeemable(self.venue, "desk", [self.line(60)]),
            15,
            "a restored voucher can be used again",
        )

    def test_cron_expires_held_and_releases_cancelled_orders(self):
        past = fields.Datetime.now() - timedelta(hours=1)
        stale = self.voucher(expires_at=past)
        fresh = self.voucher()
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        reserved = self.voucher(state="reserved", sale_order_id=order.id)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(reserved.state, "held", "cancelling the order released it")
        reserved.sudo().write({"state": "reserved", "sale_order_id": order.id})
        self.Voucher._cron_expire()
        self.assertEqual(stale.state, "expired")
        self.assertEqual(fresh.state, "held")
        self.assertEqual(reserved.state, "held")
        self.assertFalse(reserved.sale_order_id)
