from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .settle_common import SettleCase


@tagged("post_install", "-at_install")
class TestFraudFlags(SettleCase):
    """Each anti-fraud check raises its flag once, whatever the number of runs, and only
    for what crosses the campaign's thresholds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        m = cls.members
        env = cls.env
        # no_entry: three past slots; m0 passed the gate for the first, m1 never did,
        # m2's window (2 h after the start) is not over yet.
        cls.entry_vouchers = cls.make_vouchers(
            [{"partner": m[0]}, {"partner": m[1]}, {"partner": m[2]}]
        )
        cls.entry_redemptions = cls.redeem(
            cls.entry_vouchers,
            [
                {"at": cls.local(-3, 9), "slot_start": cls.local(-3, 10)},
                {"at": cls.local(-3, 9), "slot_start": cls.local(-3, 10)},
                {
                    "at": fields.Datetime.now() - timedelta(hours=1),
                    "slot_start": fields.Datetime.now() - timedelta(hours=1),
                },
            ],
        )
        point = env.ref("sports_access.point_csc_gym_in")
        # The gate of the fixture venue: the demo's gym entrance, moved to it.
        point.sudo().venue_id = cls.venue
        cls.point = point
        env["sports.access.event"]._record(
            [
                {
                    "uuid": f"settle-entry-{cls.entry_redemptions[0].id}",
                    "point_id": point.id,
                    "partner_id": m[0].id,
                    "direction": "in",
                    "decision": "granted",
                    "device_time": cls.local(-3, 10) + timedelta(minutes=5),
                    "source": "online",
                },
                # m1 was refused at the gate: no granted entry.
                {
                    "uuid": f"settle-denied-{cls.entry_redemptions[1].id}",
                    "point_id": point.id,
                    "partner_id": m[1].id,
                    "direction": "in",
                    "decision": "denied",
                    "device_time": cls.local(-3, 10) + timedelta(minutes=5),
                    "source": "online",
                },
            ],
            consume=False,
        )
        # refund_repeat: m3 redeemed and refunded twice (the limit), m4 once.
        refunds = cls.make_vouchers([{"partner": m[3]}, {"partner": m[3]}, {"partner": m[4]}])
        cls.redeem(
            refunds,
            [{"at": cls.local(-2, 11), "state": "refunded"}] * 3,
        )
        # claim_cluster: 3 claims from one device (limit 3), 2 from another; 4 from one IP
        # (limit 4); 5 phones of prefix 1380013 (limit 5).
        cluster = [{"partner": m[5], "claim_device": "dev-A", "claim_ip": "10.0.0.1"}] * 3
        cluster += [{"partner": m[5], "claim_device": "dev-B", "claim_ip": "10.0.0.1"}] * 2
        cluster += [
            {"partner": m[5], "claim_phone": f"+861380013{n:04d}", "claim_ip": "10.0.0.2"}
            for n in range(5)
        ]
        cluster += [{"partner": m[5], "claim_phone": "+8613900990001"}]
        cls.make_vouchers(cluster)
        # group_double: a whole-court slot booked, cancelled and booked again, with a
        # group voucher redeemed on each booking.
        Booking = env["sports.booking"]
        start, end = cls.local(2, 15), cls.local(2, 17)
        cls.cancelled = Booking.create(
            {
                "space_id": cls.space.id,
                "start_at": start,
                "end_at": end,
                "partner_id": m[0].id,
                "state": "cancelled",
            }
        )
        cls.rebooked = Booking.create(
            {
                "space_id": cls.space.id,
                "start_at": start + timedelta(hours=1),
                "end_at": end + timedelta(hours=1),
                "partner_id": m[1].id,
            }
        )
        cls.elsewhere = Booking.create(
            {
                "space_id": cls.space.id,
                "start_at": end + timedelta(hours=2),
                "end_at": end + timedelta(hours=3),
                "partner_id": m[2].id,
            }
        )
        groups = cls.make_vouchers(
            [
                {"partner": m[0], "group": True},
                {"partner": m[1], "group": True},
                {"partner": m[2], "group": True},
            ]
        )
        cls.group_redemptions = cls.redeem(
            groups,
            [
                {"at": cls.local(-1, 9), "booking": cls.cancelled, "order": 200},
                {"at": cls.local(-1, 10), "booking": cls.rebooked, "order": 200},
                {"at": cls.local(-1, 11), "booking": cls.elsewhere, "order": 200},
            ],
        )
        # venue_ratio: the second venue redeems 3 vouchers on a day of 4 unique visitors
        # (limit 0.5 × 4 = 2); the first venue's day of 1 voucher has 4 visitors too.
        ratio = cls.make_vouchers([{"partner": m[4]}] * 3)
        cls.ratio_day = cls.today - timedelta(days=4)
        cls.redeem(ratio, [{"at": cls.local(-4, 12, cls.venue2), "venue": cls.venue2}] * 3)
        Stat = env["sports.venue.stat"]
        Stat.create(
            [
                {
                    "venue_id": venue.id,
                    "company_id": venue.company_id.id,
                    "date": cls.ratio_day,
                    "unique_visitors": 4,
                }
                for venue in (cls.venue, cls.venue2)
            ]
        )
        cls.redeem(cls.make_vouchers([{"partner": m[5]}]), [{"at": cls.local(-4, 12)}])
        cls.Flag = env["sports.voucher.flag"]

    def flags(self, kind):
        return self.Flag.search([("campaign_id", "=", self.campaign.id), ("kind", "=", kind)])

    def test_each_kind_is_raised_once_and_not_twice(self):
        self.Flag._cron_detect()
        first = {
            kind: self.flags(kind)
            for kind in (
                "no_entry",
                "refund_repeat",
                "claim_cluster",
                "venue_ratio",
                "group_double",
            )
        }
        self.Flag._cron_detect()
        for kind, flags in first.items():
            self.assertEqual(self.flags(kind), flags, f"a second run raises no new {kind} flag")

        no_entry = first["no_entry"]
        self.assertEqual(no_entry.redemption_id, self.entry_redemptions[1], "only m1 never entered")
        self.assertEqual(no_entry.venue_id, self.venue)
        self.assertEqual(no_entry.company_id, self.operator, "the operator follows the venue")
        self.assertEqual(no_entry.state, "new")

        refund = first["refund_repeat"]
        self.assertEqual(refund.partner_id, self.members[3], "m4's single refund is not flagged")
        self.assertEqual(refund.key, f"partner:{self.members[3].id}")

        cluster_keys = set(first["claim_cluster"].mapped("key"))
        self.assertIn("device:dev-A", cluster_keys)
        self.assertNotIn("device:dev-B", cluster_keys, "2 claims stay under the limit of 3")
        self.assertIn("ip:10.0.0.1", cluster_keys, "5 claims from one IP, limit 4")
        self.assertIn("ip:10.0.0.2", cluster_keys, "5 claims from one IP, limit 4")
        self.assertIn("prefix:1380013", cluster_keys, "5 numbers of one 号段, limit 5")
        self.assertNotIn("prefix:1390099", cluster_keys)
        self.assertEqual(len(cluster_keys), 4)

        ratio = first["venue_ratio"]
        self.assertEqual(ratio.venue_id, self.venue2, "3 > 0.5 × 4; the other venue's 1 is not")
        self.assertEqual(ratio.key, f"venue:{self.venue2.id}:{self.ratio_day}")

        double = first["group_double"]
        self.assertEqual(len(double), 1)
        self.assertEqual(double.redemption_id, self.group_redemptions[1])
        self.assertIn(str(self.group_redemptions[0].id), double.key)

    def test_raise_finds_the_flag_again(self):
        flag = self.Flag._raise("claim_cluster", self.campaign, "device:x", detail="one")
        again = self.Flag._raise("claim_cluster", self.campaign, "device:x", detail="two")
        self.assertEqual(flag, again)
        self.assertEqual(again.detail, "one", "the first detection's record is kept")
        self.assertEqual(flag.bureau_company_id, self.bureau)

    def test_review_needs_an_officer_of_the_bureau_and_a_reason(self):
        flag = self.Flag._raise("no_entry", self.campaign, "manual:1", venue_id=self.venue.id)
        with self.assertRaisesRegex(UserError, "reason"):
            flag.with_user(self.officer).action_accept()
        flag.with_user(self.officer).reason = "门禁记录缺失"
        with self.assertRaisesRegex(UserError, "officers"):
            flag.with_user(self.manager).action_accept()
        flag.with_user(self.officer).action_reject()
        self.assertEqual(flag.state, "rejected")
        self.assertEqual(flag.reviewer_id, self.officer)
        with self.assertRaisesRegex(UserError, "reviewed already"):
            flag.with_user(self.officer).action_accept()
        self.assertEqual(self.participation.state, "approved", "a rejected flag sanctions nobody")

    def test_accepted_flags_warn_then_suspend_the_venue(self):
        flags = self.Flag.browse()
        for n in range(4):
            flags |= self.Flag._raise(
                "no_entry", self.campaign, f"manual:{n}", venue_id=self.venue.id
            )
        flags.write({"reason": "核实为虚假核销"})
        officer_flags = flags.with_user(self.officer)
        officer_flags[0].action_accept()
        self.assertEqual(self.participation.state, "approved", "1 accepted flag of 2 to warn")
        officer_flags[1].action_accept()
        self.assertEqual(self.participation.state, "warned")
        self.assertTrue(self.participation._is_redeemable(), "a warned venue still redeems")
        activity = self.participation.activity_ids
        self.assertIn(self.manager, activity.user_id, "the operator's manager is told")
        officer_flags[2].action_accept()
        self.assertEqual(self.participation.state, "suspended")
        self.assertFalse(self.participation._is_redeemable())
        self.assertTrue(
            any("Suspended" in (m.body or "") for m in self.participation.message_ids),
            "the participation says why",
        )
        self.assertEqual(self.participation2.state, "approved", "the other venue is untouched")
