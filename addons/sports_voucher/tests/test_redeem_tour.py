from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.sports_booking.tests.common import open_every_day


@tagged("post_install", "-at_install")
class TestRedeemTour(HttpCase):
    """The demo member claims a voucher and redeems it at portal checkout: claim, book,
    apply, pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue = cls.env.ref("sports_venue.venue_csc")
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.venue.company_id)
        cls.venue.write(
            {
                "resource_calendar_id": calendar.id,
                "name": "Voucher Tour Venue",
                "is_published": True,
                "booking_slot_minutes": 60,
                "booking_min_minutes": 60,
                "booking_window_days": 7,
                "booking_lead_minutes": 0,
                "booking_daily_limit_minutes": 600,
            }
        )
        company = cls.venue.company_id
        badminton = cls.env.ref("sports_venue.sport_badminton")
        cls.court = cls.env["sports.space"].create(
            {
                "name": "Voucher Tour Court",
                "code": "SVTOUR",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(badminton.ids)],
                "sequence": 0,
            }
        )
        Rule = cls.env["sports.price.rule"]
        Rule.search([("venue_id", "=", cls.venue.id)]).active = False
        Rule.create({"name": "Everyone", "venue_id": cls.venue.id, "price_per_hour": 100.0})
        providers = cls.env["payment.provider"].search([("company_id", "=", company.id)])
        demo = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        demo.write({"state": "test", "is_published": True})
        demo.payment_method_ids.active = True

        cls.member = cls.env.ref("sports_booking.user_portal_member")
        partner = cls.member.partner_id
        partner.write({"sports_real_name": partner.name})
        # The member verified their phone earlier (verification is the claim part's).
        partner.sudo().write(
            {
                "sports_verified_phone": "+8613800138000",
                "sports_phone_verified_at": fields.Datetime.now(),
            }
        )
        bureau = cls.env["res.company"].create({"name": "Tour Sports Bureau", "arena_role": "city"})
        today = fields.Date.today()
        campaign = cls.env["sports.voucher.campaign"].create(
            {
                "name": "Tour Campaign",
                "company_id": bureau.id,
                "date_start": today - timedelta(days=1),
                "date_end": today + timedelta(days=30),
                "budget": 10000,
                "sport_ids": [Command.set(badminton.ids)],
                "denomination_ids": [Command.create({"face_value": 30, "threshold": 100})],
            }
        )
        campaign.action_start()
        cls.env["sports.voucher.batch"].create(
            {
                "campaign_id": campaign.id,
                "denomination_id": campaign.denomination_ids.id,
                "release_at": fields.Datetime.now() - timedelta(hours=1),
                "quantity": 10,
            }
        )
        cls.env["sports.voucher.campaign.venue"].create(
            {"campaign_id": campaign.id, "venue_id": cls.venue.id, "state": "approved"}
        )
        cls.campaign, cls.partner = campaign, partner

    def test_member_applies_a_voucher_at_checkout_and_pays(self):
        self.start_tour("/my/vouchers", "sports_voucher_checkout", login="member")
        voucher = self.env["sports.voucher"].search(
            [("campaign_id", "=", self.campaign.id), ("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(len(voucher), 1, "the member claimed one voucher")
        booking = self.env["sports.booking"].search([("space_id", "=", self.court.id)])
        self.assertEqual(booking.state, "confirmed")
        order = booking.sale_order_id
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.amount_total, 70.0)
        self.assertEqual(order.transaction_ids.amount, 70.0)
        self.assertEqual(voucher.state, "used")
        self.assertRecordValues(
            voucher.redemption_ids,
            [
                {
                    "channel": "online",
                    "sale_order_id": order.id,
                    "venue_id": self.venue.id,
                    "company_id": self.venue.company_id.id,
                    "discount": 30.0,
                    "order_amount": 100.0,
                    "state": "valid",
                }
            ],
        )
