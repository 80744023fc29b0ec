"""The weekly claim batches: planned in the bureau's time zone, idempotent, within budget."""

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestClaimBatches(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        bureau = cls.env["res.company"].create({"name": "Release bureau", "arena_role": "city"})
        bureau.partner_id.tz = "Asia/Shanghai"
        cls.campaign = cls.env["sports.voucher.campaign"].create(
            {
                "name": "Release campaign",
                "company_id": bureau.id,
                "state": "running",
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                "budget": 500,
                "release_weekday": "0",
                "release_time": 10.5,
                "large_face_value": 100,
                "denomination_ids": [
                    (0, 0, {"face_value": 10, "threshold": 50, "quantity_per_batch": 10}),
                    (0, 0, {"face_value": 100, "threshold": 300, "quantity_per_batch": 2}),
                ],
            }
        )
        cls.small, cls.large = cls.campaign.denomination_ids.sorted("face_value")
        cls.Batch = cls.env["sports.voucher.batch"]

    def plan(self, when):
        with freeze_time(when):
            return self.Batch._cron_release_batches().filtered(
                lambda b: b.campaign_id == self.campaign
            )

    def test_weekly_batches_are_planned_once_and_never_over_budget(self):
        # Tuesday 3 March, 10:00 in Nanjing.
        batches = self.plan("2026-03-03 02:00:00")
        monday = fields.Datetime.to_datetime("2026-03-02 02:30:00")  # 10:30 local
        next_monday = fields.Datetime.to_datetime("2026-03-09 02:30:00")
        got = sorted((b.release_at, b.face_value, b.quantity) for b in batches)
        self.assertEqual(
            got,
            [
                (monday, 10, 10),
                (monday, 100, 2),
                (next_monday, 10, 10),
                (next_monday, 100, 1),  # the budget's remainder: a partial batch
            ],
        )
        self.assertEqual(sum(batches.mapped("face_total")), 500)
        self.assertFalse(self.plan("2026-03-03 03:00:00"), "planned twice")
        self.assertFalse(self.plan("2026-03-10 03:00:00"), "over the budget")
        self.assertEqual(self.campaign.budget_allocated, 500)

    def test_no_release_outside_the_campaign_or_when_not_running(self):
        self.campaign.date_end = "2026-03-08"
        batches = self.plan("2026-03-03 02:00:00")
        self.assertEqual(
            set(batches.mapped("release_at")), {fields.Datetime.to_datetime("2026-03-02 02:30:00")}
        )
        self.campaign.state = "closed"
        self.assertFalse(self.plan("2026-03-03 02:00:00"))
        self.campaign.write({"state": "running", "date_end": "2026-03-31", "budget": 5})
        self.assertFalse(self.plan("2026-03-03 02:00:00"), "budget used up")
