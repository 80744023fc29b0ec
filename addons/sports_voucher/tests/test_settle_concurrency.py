import sys
import threading
import traceback
import uuid
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentApprovals(BaseCase):
    """Four officers approve one submitted claim at the same moment, each on its own
    connection: the claim's row lock lets one book the bill and the invoice, the others
    are told it was decided. The fixture commits on its own cursor and is removed after."""

    THREADS = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The demo's 玄武区 bureau: its books are opened by the first approval.
            bureau = env.ref("sports_venue.company_bureau_xuanwu")
            venue = env.ref("sports_venue.venue_csc")
            # Ranks at zero are raised in the transaction; a positive rank is raised by a
            # post-commit hook that opens a registry, which the test run holds locked.
            (bureau.partner_id | venue.company_id.partner_id).write(
                {"customer_rank": 0, "supplier_rank": 0}
            )
            campaign = env["sports.voucher.campaign"].create(
                {
                    "name": f"Race {tag}",
                    "company_id": bureau.id,
                    "date_start": fields.Date.today() - timedelta(days=30),
                    "date_end": fields.Date.today() + timedelta(days=30),
                    "budget": 1000,
                    "denomination_ids": [Command.create({"face_value": 10, "threshold": 50})],
                }
            )
            campaign.action_start()
            batch = env["sports.voucher.batch"].create(
                {
                    "campaign_id": campaign.id,
                    "denomination_id": campaign.denomination_ids.id,
                    "release_at": fields.Datetime.now() - timedelta(days=10),
                    "quantity": 5,
                }
            )
            partner = env["res.partner"].create({"name": f"Race member {tag}"})
            vouchers = env["sports.voucher"].create(
                [
                    {
                        "campaign_id": campaign.id,
                        "batch_id": batch.id,
                        "denomination_id": campaign.denomination_ids.id,
                        "partner_id": partner.id,
                        "face_value": 10,
                        "threshold": 50,
                        "expires_at": fields.Datetime.now() + timedelta(days=5),
                    }
                    for _n in range(3)
                ]
            )
            day = venue._local_date(fields.Datetime.now()) - timedelta(days=2)
            at = venue._day_bounds(day)[0] + timedelta(hours=12)
            env["sports.voucher.redemption"].create(
                [
                    {
                        "voucher_id": voucher.id,
                        "campaign_id": campaign.id,
                        "venue_id": venue.id,
                        "company_id": venue.company_id.id,
                        "channel": "desk",
                        "order_amount": 60,
                        "discount": 10,
                        "redeemed_at": at,
                    }
                    for voucher in vouchers
                ]
            )
            claim = env["sports.voucher.subsidy.claim"]._generate(campaign, day, day)
            claim.state = "submitted"
            officer = new_test_user(
                env,
                login=f"race_officer_{tag}",
                groups="sports_voucher.group_voucher_officer",
                company_id=bureau.id,
                company_ids=[Command.set(bureau.ids)],
            )
            cls.claim_id, cls.campaign_id, cls.officer_id = claim.id, campaign.id, officer.id
            cls.partner_id = partner.id
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["sports.voucher.subsidy.claim"].browse(cls.claim_id)
            moves = claim.vendor_bill_id | claim.invoice_id | claim.writeoff_move_id
            moves = moves | env["account.move"].search([("ref", "=", claim.name)])
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            campaign = env["sports.voucher.campaign"].browse(cls.campaign_id)
            cr.execute("DELETE FROM sports_voucher_subsidy_claim WHERE id = %s", [claim.id])
            cr.execute(
                "DELETE FROM sports_voucher_redemption WHERE campaign_id = %s", [campaign.id]
            )
            cr.execute("DELETE FROM sports_voucher WHERE campaign_id = %s", [campaign.id])
            cr.execute("DELETE FROM sports_voucher_batch WHERE campaign_id = %s", [campaign.id])
            campaign.unlink()
            # The officer wrote rows during the race (write_uid): archived, not deleted.
            env["res.users"].browse(cls.officer_id).active = False
            env["res.partner"].browse(cls.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    @mute_logger("odoo.sql_db")
    def test_one_of_four_simultaneous_approvals_books(self):
        barrier = threading.Barrier(self.THREADS)
        outcomes, lock = [], threading.Lock()

        def approve():
            barrier.wait(timeout=60)
            for _attempt in range(50):
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, self.officer_id, {})
                    claim = env["sports.voucher.subsidy.claim"].browse(self.claim_id)
                    try:
                        claim.action_approve()
                        cr.commit()  # pylint: disable=invalid-commit
                        outcome = "approved"
                    except SerializationFailure:
                        cr.rollback()
                        continue
                    except UserError as exc:
                        cr.rollback()
                        outcome = str(exc)
                    except Exception as exc:  # noqa: BLE001 (reported by the assertion)
                        cr.rollback()
                        outcome = f"{type(exc).__name__}: {exc}"
                with lock:
                    outcomes.append(outcome)
                return

        threads = [threading.Thread(target=approve) for _n in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        stuck = [t for t in threads if t.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = ["".join(traceback.format_stack(frames[t.ident])) for t in stuck]
            self.fail("A thread is stuck:\n" + "\n".join(stacks))
        self.assertEqual(len(outcomes), self.THREADS, outcomes)
        self.assertEqual(outcomes.count("approved"), 1, outcomes)
        for outcome in outcomes:
            if outcome != "approved":
                self.assertIn("only a submitted claim can be approved", outcome)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["sports.voucher.subsidy.claim"].browse(self.claim_id)
            self.assertEqual(claim.state, "approved")
            bills = env["account.move"].search([("ref", "=", claim.name)])
            self.assertEqual(
                sorted(bills.mapped("move_type")), ["in_invoice", "out_invoice"], "booked once"
            )
            self.assertEqual(claim.vendor_bill_id.amount_total, 30.0)
