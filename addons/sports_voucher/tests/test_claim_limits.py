"""Claiming: the personal limit matrix (each limit: at the limit refused, below accepted;
weeks and months in the bureau's time zone), eligibility, verification and stock."""

import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .claim_common import ClaimFixture


@tagged("post_install", "-at_install")
class TestClaimLimits(ClaimFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpClaimFixture(cls.env)
        cls.Voucher = cls.env["sports.voucher"]

    def claim(self, partner=None, batch=None, **kw):
        return self.Voucher._claim(batch or self.batch, partner or self.member, **kw)

    def assertRefused(self, message, partner=None, batch=None):
        batch = batch or self.batch
        before = (self.Voucher.search_count([]), batch.claimed_count)
        with self.assertRaisesRegex(UserError, message):
            self.claim(partner, batch)
        batch.invalidate_recordset(["claimed_count"])
        self.assertEqual((self.Voucher.search_count([]), batch.claimed_count), before)

    # ---------------------------------------------------------------- the voucher

    def test_claim_copies_the_denomination_and_counts_the_stock(self):
        with freeze_time("2026-03-04 03:00:00"):  # 11:00 in Nanjing
            self.batch.release_at = "2026-03-02 02:00:00"
            voucher = self.claim(ip="10.1.2.3", device="device-abc")
        self.assertEqual(voucher.partner_id, self.member)
        self.assertEqual((voucher.face_value, voucher.threshold), (10, 50))
        self.assertFalse(voucher.is_large)
        self.assertEqual(voucher.state, "held")
        self.assertEqual(voucher.claim_ip, "10.1.2.3")
        self.assertEqual(voucher.claim_device, "device-abc")
        self.assertEqual(voucher.claim_phone, self.member.sports_verified_phone)
        self.assertEqual(self.batch.claimed_count, 1)
        # Claimed on the 4th (local) with 7 days: valid to the end of the 11th, local.
        self.assertEqual(voucher.expires_at, fields.Datetime.to_datetime("2026-03-11 15:59:59"))
        holder = self.env["sports.voucher.holder"].search(
            [("campaign_id", "=", self.campaign.id), ("partner_id", "=", self.member.id)]
        )
        self.assertEqual(len(holder), 1)
        large = self.claim(batch=self.large_batch)
        self.assertTrue(large.is_large)
        self.assertEqual(large.face_value, 100)

    def test_sold_out_is_refused_and_writes_nothing(self):
        self.batch.quantity = 1
        self.claim()
        self.assertRefused("Sold out", partner=self.members[1])
        self.assertEqual(self.batch.claimed_count, 1)

    # ---------------------------------------------------------------- limits

    def test_claims_per_week(self):
        self.campaign.limit_claims_week = 2
        self.claim()
        self.claim()  # below the limit: accepted
        self.assertRefused("2 vouchers of this campaign this week")
        self.claim(partner=self.members[1])  # another person is not counted

    def test_week_starts_on_monday_in_the_bureaus_time_zone(self):
        self.campaign.limit_claims_week = 1
        # Monday 2026-03-02 00:30 in Nanjing is Sunday 16:30 UTC.
        with freeze_time("2026-03-01 16:30:00"):
            self.batch.release_at = "2026-02-20 00:00:00"
            # Sunday 23:50 local (15:50 UTC): last week.
            self.make_voucher(self.member, "2026-03-01 15:50:00")
            self.claim()  # the first of this week
            self.assertRefused("1 vouchers of this campaign this week")
        # Sunday 00:10 local is Saturday 16:10 UTC: the previous week as well.
        other = self.members[1]
        self.make_voucher(other, "2026-02-28 16:10:00")
        with freeze_time("2026-03-01 16:30:00"):
            self.claim(partner=other)

    def test_claims_per_month_local_boundary(self):
        self.campaign.limit_claims_month = 2
        with freeze_time("2026-03-31 15:00:00"):  # 31 March 23:00 in Nanjing
            self.batch.release_at = "2026-03-01 00:00:00"
            self.claim()
            self.claim()
            self.assertRefused("2 vouchers of this campaign this month")
        with freeze_time("2026-03-31 16:00:00"):  # 1 April 00:00 in Nanjing
            self.claim()

    def test_claims_per_campaign(self):
        self.campaign.limit_claims_campaign = 2
        self.make_voucher(self.member, fields.Datetime.now() - datetime.timedelta(days=90))
        self.claim()
        self.assertRefused("2 vouchers of this campaign, as many as one person may")

    def test_held_at_once_counts_held_and_reserved_only(self):
        self.campaign.limit_held = 2
        first = self.claim()
        self.claim()
        self.assertRefused("You hold 2 unused vouchers")
        first.sudo().write({"state": "used"})  # used (redeemed elsewhere)
        third = self.claim()
        third.sudo().write({"state": "reserved"})
        self.assertRefused("You hold 2 unused vouchers")
        # A held voucher past its date (not yet expired by the cron) does not count.
        third.sudo().write({"expires_at": fields.Datetime.now() - datetime.timedelta(hours=1)})
        self.claim()

    def test_large_vouchers_per_week(self):
        self.campaign.limit_large_week = 1
        self.claim(batch=self.large_batch)
        self.assertRefused("1 large vouchers of this campaign this week", batch=self.large_batch)
        self.claim()  # a small one is still fine

    # ---------------------------------------------------------------- eligibility

    def test_unverified_member_is_refused(self):
        for vals in ({"sports_verified_phone": False}, {"sports_real_name": False}):
            partner = self.members[1]
            partner.write(vals)
            self.assertRefused("verify your phone", partner=partner)
            partner.write({"sports_real_name": "实名", "sports_verified_phone": "+8613912345678"})

    def test_region_of_residence(self):
        self.campaign.region_id = self.region_nanjing
        self.claim()  # 玄武区 lies in 南京市
        self.members[1].sports_resident_region_id = self.region_wuxi
        self.assertRefused("residents of", partner=self.members[1])
        self.members[2].sports_resident_region_id = False
        self.assertRefused("residents of", partner=self.members[2])

    def test_age_group_on_the_local_birthday(self):
        self.campaign.age_min = 55
        # 2026-05-01 00:30 in Nanjing (still 30 April in UTC): 66th birthday of 1960-05-01.
        partner, younger, unknown = self.members[1:4]
        with freeze_time("2026-04-30 16:30:00"):
            self.batch.release_at = "2026-04-01 00:00:00"
            younger.sports_birthdate = "1971-05-02"  # 54, 55 tomorrow
            self.assertRefused("aged 55 or more", partner=younger)
            younger.sports_birthdate = "1971-05-01"  # 55 today (local)
            self.claim(partner=younger)
            unknown.sports_birthdate = False
            self.assertRefused("date of birth", partner=unknown)
            self.campaign.age_max = 60
            self.assertRefused("aged up to 60", partner=partner)

    def test_campaign_and_release_must_be_open(self):
        self.batch.release_at = fields.Datetime.now() + datetime.timedelta(hours=2)
        self.assertRefused("released on")
        self.batch.release_at = fields.Datetime.now() - datetime.timedelta(hours=2)
        self.campaign.state = "closed"
        self.assertRefused("is not running")
        self.campaign.state = "running"
        self.campaign.date_end = fields.Date.today() - datetime.timedelta(days=1)
        self.campaign.date_start = fields.Date.today() - datetime.timedelta(days=10)
        self.assertRefused("is not running")
