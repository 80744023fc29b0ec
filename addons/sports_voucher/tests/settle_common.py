from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.sports_venue.tests.common import open_every_day


class SettleFixture:
    """The demo's city bureau running a campaign (¥20 off ¥50, and a ¥50 whole-court
    group voucher) at two venues of the demo operator (the main company), members, an
    officer of the bureau and a manager of the operator; built in the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.cny = env.ref("base.CNY")
        cls.cny.active = True
        # The city bureau above the demo operator (through 玄武区): its officers read the
        # operator's venues. The demo gives it no books.
        cls.bureau = env.ref("sports_venue.company_bureau_nanjing")
        cls.operator = env.ref("base.main_company")
        calendar = open_every_day(env, "Settle 6-22", 6, 22)
        cls.venue, cls.venue2 = env["sports.venue"].create(
            [
                {"name": "结算体育馆", "code": "STL1", "resource_calendar_id": calendar.id},
                {"name": "结算游泳馆", "code": "STL2", "resource_calendar_id": calendar.id},
            ]
        )
        cls.space = env["sports.space"].create({"name": "Court S", "venue_id": cls.venue.id})
        cls.today = cls.venue._local_date(fields.Datetime.now())
        cls.campaign = env["sports.voucher.campaign"].create(
            {
                "name": "测试消费券",
                "company_id": cls.bureau.id,
                "date_start": cls.today - timedelta(days=60),
                "date_end": cls.today + timedelta(days=60),
                "budget": 10000,
                "fraud_entry_hours": 2,
                "fraud_refund_count": 2,
                "fraud_claims_per_device": 3,
                "fraud_claims_per_ip": 4,
                "fraud_claims_per_prefix": 5,
                "fraud_venue_ratio": 0.5,
                "warn_after": 2,
                "suspend_after": 3,
                "denomination_ids": [
                    Command.create({"face_value": 20, "threshold": 50}),
                    Command.create({"face_value": 50, "threshold": 100, "is_group": True}),
                ],
            }
        )
        cls.campaign.action_start()
        cls.small, cls.group = cls.campaign.denomination_ids.sorted("face_value")
        cls.batch, cls.group_batch = env["sports.voucher.batch"].create(
            [
                {
                    "campaign_id": cls.campaign.id,
                    "denomination_id": cls.small.id,
                    "release_at": fields.Datetime.now() - timedelta(days=30),
                    "quantity": 100,
                },
                {
                    "campaign_id": cls.campaign.id,
                    "denomination_id": cls.group.id,
                    "release_at": fields.Datetime.now() - timedelta(days=30),
                    "quantity": 10,
                },
            ]
        )
        cls.participation, cls.participation2 = env["sports.voucher.campaign.venue"].create(
            [
                {"campaign_id": cls.campaign.id, "venue_id": cls.venue.id, "state": "approved"},
                {"campaign_id": cls.campaign.id, "venue_id": cls.venue2.id, "state": "approved"},
            ]
        )
        cls.members = env["res.partner"].create(
            [{"name": f"会员{n}", "phone": f"+86139{n:08d}"} for n in range(6)]
        )
        cls.officer = new_test_user(
            env,
            login="settle_officer",
            groups="sports_voucher.group_voucher_officer",
            company_id=cls.bureau.id,
            company_ids=[Command.set(cls.bureau.ids)],
        )
        cls.manager = new_test_user(
            env,
            login="settle_manager",
            groups="sports_venue.group_arena_manager",
            company_id=cls.operator.id,
            company_ids=[Command.set(cls.operator.ids)],
        )

    @classmethod
    def local(cls, days, hour, venue=None):
        """UTC naive datetime of ``hour``:00 local time ``days`` from today."""
        venue = venue or cls.venue
        local = datetime.combine(cls.today + timedelta(days=days), time(hour))
        return venue._to_utc(local)

    @classmethod
    def make_vouchers(cls, rows):
        """Vouchers of the campaign: ``rows`` are dicts with partner (a record), optional
        group (bool) and claim_ip/claim_device/claim_phone."""
        vals_list = []
        for row in rows:
            denomination = cls.group if row.get("group") else cls.small
            batch = cls.group_batch if row.get("group") else cls.batch
            vals = {
                "campaign_id": cls.campaign.id,
                "batch_id": batch.id,
                "denomination_id": denomination.id,
                "partner_id": row["partner"].id,
                "face_value": denomination.face_value,
                "threshold": denomination.threshold,
                "is_group": denomination.is_group,
                "claimed_at": fields.Datetime.now() - timedelta(days=20),
                "expires_at": fields.Datetime.now() + timedelta(days=20),
            }
            vals.update(
                {k: row[k] for k in ("claim_ip", "claim_device", "claim_phone") if k in row}
            )
            vals_list.append(vals)
        return cls.env["sports.voucher"].create(vals_list)

    @classmethod
    def redeem(cls, vouchers, rows):
        """One redemption per voucher: ``rows`` are dicts with venue, at (UTC), order
        (amount), and optional slot_start, booking, state."""
        vals_list = []
        for voucher, row in zip(vouchers, rows, strict=True):
            venue = row.get("venue", cls.venue)
            vals_list.append(
                {
                    "voucher_id": voucher.id,
                    "campaign_id": cls.campaign.id,
                    "venue_id": venue.id,
                    "company_id": venue.company_id.id,
                    "channel": row.get("channel", "online"),
                    "order_amount": row.get("order", 80.0),
                    "discount": voucher.face_value,
                    "redeemed_at": row["at"],
                    "slot_start": row.get("slot_start"),
                    "booking_id": row["booking"].id if row.get("booking") else False,
                    "state": row.get("state", "valid"),
                    "refunded_at": row["at"] if row.get("state") == "refunded" else False,
                }
            )
        return cls.env["sports.voucher.redemption"].create(vals_list)


class SettleCase(SettleFixture, TransactionCase):
    """The fixture in a transaction case."""
