"""The claim tests' fixture: a city bureau (南京, Asia/Shanghai) with a running campaign,
two denominations and an open batch of each, and verified members."""

import datetime

from odoo import fields

# A number range no demo or other fixture uses.
PHONES = ["+861999900%04d" % n for n in range(1, 100)]


class ClaimFixture:
    @classmethod
    def setUpClaimFixture(cls, env, budget=10_000, quantity=10, **campaign_vals):
        cls.region_nanjing = env.ref("sports_venue.region_320100")
        cls.region_xuanwu = env.ref("sports_venue.region_320102")
        cls.region_wuxi = env.ref("sports_venue.region_320200")
        cls.bureau = env["res.company"].create(
            {"name": "Claim bureau", "arena_role": "city", "region_id": cls.region_nanjing.id}
        )
        cls.bureau.partner_id.tz = "Asia/Shanghai"
        today = fields.Date.today()
        vals = {
            "name": "Claim campaign",
            "company_id": cls.bureau.id,
            "state": "running",
            "date_start": today - datetime.timedelta(days=400),
            "date_end": today + datetime.timedelta(days=400),
            "budget": budget,
            "validity_days": 7,
            "limit_claims_week": 0,
            "limit_held": 0,
            "large_face_value": 100,
            "denomination_ids": [
                (0, 0, {"face_value": 10, "threshold": 50, "quantity_per_batch": 10}),
                (0, 0, {"face_value": 100, "threshold": 300, "quantity_per_batch": 2}),
            ],
        }
        vals.update(campaign_vals)
        cls.campaign = env["sports.voucher.campaign"].create(vals)
        cls.small, cls.large = cls.campaign.denomination_ids.sorted("face_value")
        released = fields.Datetime.now() - datetime.timedelta(days=1)
        cls.batch, cls.large_batch = env["sports.voucher.batch"].create(
            [
                {
                    "campaign_id": cls.campaign.id,
                    "denomination_id": cls.small.id,
                    "release_at": released,
                    "quantity": quantity,
                },
                {
                    "campaign_id": cls.campaign.id,
                    "denomination_id": cls.large.id,
                    "release_at": released,
                    "quantity": quantity,
                },
            ]
        )
        cls.members = env["res.partner"].create(
            [
                {
                    "name": f"Member {i}",
                    "sports_real_name": f"实名{i}",
                    "sports_verified_phone": PHONES[i],
                    "sports_phone_verified_at": fields.Datetime.now(),
                    "sports_resident_region_id": cls.region_xuanwu.id,
                    "sports_birthdate": "1960-05-01",
                }
                for i in range(4)
            ]
        )
        cls.member = cls.members[0]

    def make_voucher(self, partner, claimed_at, batch=None, state="held", expires_in=7):
        """A voucher written directly (claimed before the test's frozen moment)."""
        batch = batch or self.batch
        claimed_at = fields.Datetime.to_datetime(claimed_at)
        return self.env["sports.voucher"].create(
            {
                "campaign_id": self.campaign.id,
                "batch_id": batch.id,
                "denomination_id": batch.denomination_id.id,
                "partner_id": partner.id,
                "face_value": batch.denomination_id.face_value,
                "threshold": batch.denomination_id.threshold,
                "is_large": batch.denomination_id.is_large,
                "claimed_at": claimed_at,
                "expires_at": claimed_at + datetime.timedelta(days=expires_in),
                "state": state,
            }
        )
