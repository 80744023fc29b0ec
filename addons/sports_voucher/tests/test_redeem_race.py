import threading
import time
import uuid
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestRedeemRace(BaseCase):
    """The same voucher redeemed online and at the desk at the same moment, by two threads
    on their own connections, for several vouchers at once: exactly one redemption each.

    The fixture commits on its own cursor and the class removes what it made. A thread
    whose lock wait ends in a serialisation failure retries, as Odoo's RPC layer does; the
    retry then finds the voucher used and is refused."""

    VOUCHERS = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bureau = env["res.company"].create({"name": f"Race Bureau {tag}", "arena_role": "city"})
            today = fields.Date.today()
            campaign = env["sports.voucher.campaign"].create(
                {
                    "name": f"Race {tag}",
                    "company_id": bureau.id,
                    "date_start": today - timedelta(days=2),
                    "date_end": today + timedelta(days=2),
                    "budget": 10000,
                    "limit_uses_day": 0,
                    "denomination_ids": [Command.create({"face_value": 20, "threshold": 50})],
                }
            )
            campaign.action_start()
            batch = env["sports.voucher.batch"].create(
                {
                    "campaign_id": campaign.id,
                    "denomination_id": campaign.denomination_ids.id,
                    "release_at": fields.Datetime.now() - timedelta(days=1),
                    "quantity": 10,
                }
            )
            venue = env["sports.venue"].create({"name": f"Race Venue {tag}", "code": f"R{tag}"})
            env["sports.voucher.campaign.venue"].create(
                {"campaign_id": campaign.id, "venue_id": venue.id, "state": "approved"}
            )
            partner = env["res.partner"].create({"name": f"Racer {tag}"})
            vouchers = env["sports.voucher"].create(
                [
                    {
                        "campaign_id": campaign.id,
                        "batch_id": batch.id,
                        "denomination_id": batch.denomination_id.id,
                        "partner_id": partner.id,
                        "face_value": 20,
                        "threshold": 50,
                        "expires_at": fields.Datetime.now() + timedelta(days=1),
                    }
                    for _i in range(cls.VOUCHERS)
                ]
            )
            # One person's two vouchers, for the uses-per-day race; their holder row is the
            # one a claim would have made.
            person = env["res.partner"].create({"name": f"Daily {tag}"})
            daily = env["sports.voucher"].create(
                [
                    {
                        "campaign_id": campaign.id,
                        "batch_id": batch.id,
                        "denomination_id": batch.denomination_id.id,
                        "partner_id": person.id,
                        "face_value": 20,
                        "threshold": 50,
                        "expires_at": fields.Datetime.now() + timedelta(days=1),
                    }
                    for _i in range(2)
                ]
            )
            env["sports.voucher.holder"].create(
                {"campaign_id": campaign.id, "partner_id": person.id}
            )
            cls.ids = {
                "bureau": bureau.id,
                "campaign": campaign.id,
                "venue": venue.id,
                "partner": partner.id,
                "person": person.id,
                "vouchers": vouchers.ids,
                "daily": daily.ids,
                "all_vouchers": vouchers.ids + daily.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        ids = cls.ids
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # Redemptions are never deleted by the application; the fixture's go by SQL.
            cr.execute(
                "DELETE FROM sports_voucher_redemption WHERE voucher_id = ANY(%s)",
                [ids["all_vouchers"]],
            )
            cr.execute("DELETE FROM sports_voucher WHERE id = ANY(%s)", [ids["all_vouchers"]])
            campaign = env["sports.voucher.campaign"].browse(ids["campaign"])
            campaign.batch_ids.unlink()
            campaign.unlink()
            env["sports.venue"].browse(ids["venue"]).unlink()
            env["res.partner"].browse([ids["partner"], ids["person"]]).unlink()
            # The payment module gave the new company its providers; they go with it.
            env["payment.provider"].search([("company_id", "=", ids["bureau"])]).unlink()
            try:
                with mute_logger("odoo.sql_db"), cr.savepoint():
                    env["res.company"].browse(ids["bureau"]).unlink()
            except Exception:  # noqa: BLE001 - a company with side records stays, archived
                env["res.company"].browse(ids["bureau"]).active = False
            cr.commit()  # pylint: disable=invalid-commit

    def _race(self, jobs):
        """Run ``jobs`` ((voucher id, channel) pairs) at once, each in a thread on its own
        cursor; a serialisation failure retries. Returns [(voucher id, outcome)]."""
        barrier = threading.Barrier(len(jobs))
        outcomes, lock = [], threading.Lock()

        def redeem(voucher_id, channel):
            barrier.wait(timeout=60)
            for _attempt in range(50):
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    venue = env["sports.venue"].browse(self.ids["venue"])
                    lines = [
                        {
                            "amount": 80.0,
                            "sport_id": False,
                            "categ_id": False,
                            "booking_id": False,
                            "whole_court": False,
                            "start": False,
                        }
                    ]
                    try:
                        env["sports.voucher"].browse(voucher_id)._redeem(venue, channel, lines)
                        cr.commit()  # pylint: disable=invalid-commit
                        return (voucher_id, "won")
                    except SerializationFailure:
                        cr.rollback()
                    except UserError as exc:
                        cr.rollback()
                        return (voucher_id, f"refused: {exc.args[0]}")
                time.sleep(0.01)
            return (voucher_id, "gave up")

        def guarded(voucher_id, channel):
            try:
                result = redeem(voucher_id, channel)
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                result = (voucher_id, f"error: {exc!r}")
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=guarded, args=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(len(outcomes), len(jobs), outcomes)
        return outcomes

    def _set_uses_per_day(self, limit):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sports.voucher.campaign"].browse(self.ids["campaign"]).limit_uses_day = limit
            cr.commit()  # pylint: disable=invalid-commit

    def _redemption_counts(self, voucher_ids):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT voucher_id, count(*) FROM sports_voucher_redemption "
                "WHERE voucher_id = ANY(%s) GROUP BY voucher_id",
                [voucher_ids],
            )
            return dict(cr.fetchall())

    @mute_logger("odoo.sql_db")
    def test_online_and_desk_at_once_redeem_exactly_once(self):
        self._set_uses_per_day(0)
        outcomes = self._race(
            [(vid, channel) for vid in self.ids["vouchers"] for channel in ("online", "desk")]
        )
        for voucher_id in self.ids["vouchers"]:
            mine = sorted(result for vid, result in outcomes if vid == voucher_id)
            self.assertEqual(mine[1], "won", outcomes)
            self.assertRegex(mine[0], "^refused: This voucher was just used", outcomes)
        counts = self._redemption_counts(self.ids["vouchers"])
        self.assertEqual(counts, dict.fromkeys(self.ids["vouchers"], 1))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT DISTINCT state FROM sports_voucher WHERE id = ANY(%s)",
                [self.ids["vouchers"]],
            )
            self.assertEqual(cr.fetchall(), [("used",)])

    @mute_logger("odoo.sql_db")
    def test_one_use_per_day_holds_for_two_vouchers_at_once(self):
        self._set_uses_per_day(1)
        outcomes = self._race([(vid, "desk") for vid in self.ids["daily"]])
        results = sorted(result for _vid, result in outcomes)
        self.assertEqual(results[1], "won", outcomes)
        self.assertRegex(results[0], r"^refused: You may use 1 voucher\(s\)", outcomes)
        self.assertEqual(sum(self._redemption_counts(self.ids["daily"]).values()), 1)
