from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestVoucherSkeleton(TransactionCase):
    """The database keeps a batch within its quantity, whatever writes to it."""

    def test_batch_never_exceeds_quantity(self):
        bureau = self.env["res.company"].create({"name": "Bureau S", "arena_role": "national"})
        campaign = self.env["sports.voucher.campaign"].create(
            {
                "name": "S",
                "company_id": bureau.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "budget": 1000,
                "denomination_ids": [(0, 0, {"face_value": 10, "threshold": 50})],
            }
        )
        batch = self.env["sports.voucher.batch"].create(
            {
                "campaign_id": campaign.id,
                "denomination_id": campaign.denomination_ids.id,
                "release_at": "2026-01-05 02:00:00",
                "quantity": 2,
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE sports_voucher_batch SET claimed_count = 3 WHERE id = %s", [batch.id]
            )
