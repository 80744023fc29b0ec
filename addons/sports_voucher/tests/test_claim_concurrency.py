"""A claim rush with real threads on their own connections against committed data.

40 members claim a batch of 10 at once: exactly 10 vouchers, claimed_count 10. One member
claims from 10 threads with a weekly limit of 3: exactly 3. The first race runs at READ
COMMITTED (the portal's path, no retries); the second at Odoo's REPEATABLE READ, retrying
serialization failures as the RPC layer does: both stay exact."""

import datetime
import logging
import random
import threading
import time
import uuid

from psycopg2.errors import SerializationFailure
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)
BUREAU = "Claim rush bureau (test)"


@tagged("post_install", "-at_install")
class TestClaimRush(BaseCase):
    MEMBERS = 40

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:8]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # One bureau for every run (a company is not worth deleting and re-creating).
            bureau = env["res.company"].search([("name", "=", BUREAU)], limit=1)
            bureau = bureau or env["res.company"].create({"name": BUREAU, "arena_role": "city"})
            today = fields.Date.today()
            campaign = env["sports.voucher.campaign"].create(
                {
                    "name": f"Rush {tag}",
                    "company_id": bureau.id,
                    "state": "running",
                    "date_start": today - datetime.timedelta(days=10),
                    "date_end": today + datetime.timedelta(days=10),
                    "budget": 1000,
                    "limit_claims_week": 3,
                    "limit_held": 0,
                    "denomination_ids": [(0, 0, {"face_value": 10, "threshold": 50})],
                }
            )
            released = fields.Datetime.now() - datetime.timedelta(minutes=1)
            batch, big = env["sports.voucher.batch"].create(
                [
                    {
                        "campaign_id": campaign.id,
                        "denomination_id": campaign.denomination_ids.id,
                        "release_at": released - datetime.timedelta(seconds=qty),
                        "quantity": qty,
                    }
                    for qty in (10, 50)
                ]
            )
            members = env["res.partner"].create(
                [
                    {
                        "name": f"Rusher {i}",
                        "sports_real_name": f"抢{i}",
                        "sports_verified_phone": f"+86137{int(tag, 16) % 10000:04d}{i:04d}",
                        "sports_phone_verified_at": fields.Datetime.now(),
                    }
                    for i in range(cls.MEMBERS + 1)
                ]
            )
            cls.bureau_id, cls.campaign_id = bureau.id, campaign.id
            cls.batch_id, cls.big_id, cls.member_ids = batch.id, big.id, members.ids
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            for table, column, value in (
                ("sports_voucher", "campaign_id", cls.campaign_id),
                ("sports_voucher_holder", "campaign_id", cls.campaign_id),
                ("sports_voucher_batch", "campaign_id", cls.campaign_id),
                ("sports_voucher_denomination", "campaign_id", cls.campaign_id),
                ("sports_voucher_campaign", "id", cls.campaign_id),
            ):
                cr.execute(f"DELETE FROM {table} WHERE {column} = %s", [value])  # noqa: S608
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.partner"].browse(cls.member_ids).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def race(self, claims, read_committed):
        """Run ``claims`` (a list of (batch id, partner id)) at once; the outcomes."""
        barrier = threading.Barrier(len(claims))
        outcomes, lock = [], threading.Lock()
        retries = [0]

        def claim(batch_id, partner_id):
            barrier.wait(timeout=60)
            started = time.monotonic()
            for _attempt in range(200):
                with self.registry.cursor() as cr:
                    if read_committed:
                        cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    try:
                        env["sports.voucher"]._claim(
                            env["sports.voucher.batch"].browse(batch_id),
                            env["res.partner"].browse(partner_id),
                            ip="127.0.0.1",
                        )
                        cr.commit()  # pylint: disable=invalid-commit
                        return "claimed", time.monotonic() - started
                    except SerializationFailure:
                        cr.rollback()
                        with lock:
                            retries[0] += 1
                    except UserError as error:
                        cr.rollback()
                        return str(error), time.monotonic() - started
                time.sleep(random.uniform(0, 0.01))
            return "gave up", time.monotonic() - started

        def guarded(*args):
            try:
                result = claim(*args)
            except Exception as exc:  # a crashed thread must fail the test, not hang it
                result = (f"error: {exc!r}", 0)
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=guarded, args=args) for args in claims]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(len(outcomes), len(claims), outcomes)
        return outcomes, retries[0]

    def counts(self, batch_id, partner_id=None):
        with self.registry.cursor() as cr:
            where = "batch_id = %s" + (" AND partner_id = %s" if partner_id else "")
            params = [batch_id] + ([partner_id] if partner_id else [])
            cr.execute(f"SELECT COUNT(*) FROM sports_voucher WHERE {where}", params)  # noqa: S608
            issued = cr.fetchone()[0]
            cr.execute("SELECT claimed_count FROM sports_voucher_batch WHERE id = %s", [batch_id])
            return issued, cr.fetchone()[0]

    @mute_logger("odoo.sql_db")
    def test_forty_members_rush_a_batch_of_ten(self):
        rushers = self.member_ids[: self.MEMBERS]
        outcomes, retries = self.race([(self.batch_id, m) for m in rushers], True)
        results = [o[0] for o in outcomes]
        self.assertEqual(results.count("claimed"), 10, results)
        losers = [o for o in outcomes if o[0] != "claimed"]
        self.assertTrue(all("Sold out" in o[0] for o in losers), losers)
        self.assertEqual(retries, 0, "READ COMMITTED claims never retry")
        self.assertEqual(self.counts(self.batch_id), (10, 10))
        slowest = max(o[1] for o in losers)
        self.assertLess(slowest, 5.0)
        _logger.info("claim rush: 40 on 10, 10 claimed, slowest loser %.3f s", slowest)

    @mute_logger("odoo.sql_db")
    def test_one_member_in_ten_threads_gets_the_weekly_three(self):
        member = self.member_ids[-1]  # not one of the rush's 40
        outcomes, retries = self.race([(self.big_id, member)] * 10, False)
        results = [o[0] for o in outcomes]
        self.assertEqual(results.count("claimed"), 3, results)
        refused = [r for r in results if r != "claimed"]
        self.assertTrue(all("this week" in r for r in refused), refused)
        self.assertEqual(self.counts(self.big_id, member), (3, 3))
        _logger.info("one member, 10 threads, weekly limit 3: 3 claimed, %s retries", retries)
