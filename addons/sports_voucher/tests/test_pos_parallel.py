import copy
import random
import threading
import time
import uuid
from datetime import timedelta

from psycopg2 import IntegrityError
from psycopg2.errors import DeadlockDetected, LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPosVoucherParallelSync(BaseCase):
    """One paid order with a voucher synced by two connections at once redeems once.

    The fixture commits on its own cursor (a race is only real between committed
    transactions), on the demo's city sports centre and a campaign of its city bureau; the
    class removes what it made afterwards, in SQL where the ORM refuses (paid orders).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            venue = env.ref("sports_venue.venue_csc")
            tag = uuid.uuid4().hex[:8]
            journal = env["account.journal"].create(
                {"name": f"Parallel bank {tag}", "code": f"PV{tag[:3]}", "type": "bank"}
            )
            method = env["pos.payment.method"].create(
                {"name": f"Parallel bank {tag}", "journal_id": journal.id}
            )
            config = env["pos.config"].create(
                {
                    "name": f"Voucher desk {tag}",
                    "company_id": company.id,
                    "sports_venue_id": venue.id,
                    "payment_method_ids": [fields.Command.set(method.ids)],
                }
            )
            config.open_ui()
            session = config.current_session_id
            session.set_opening_control(0, None)
            product = env["product.product"].create(
                {"name": f"Parallel lesson {tag}", "type": "service", "list_price": 60.0}
            )
            product.taxes_id = [fields.Command.clear()]
            today = fields.Date.today()
            campaign = env["sports.voucher.campaign"].create(
                {
                    "name": f"Parallel campaign {tag}",
                    "company_id": env.ref("sports_venue.company_bureau_nanjing").id,
                    "date_start": today - timedelta(days=1),
                    "date_end": today + timedelta(days=30),
                    "budget": 1000,
                    "limit_uses_day": 0,
                    "denomination_ids": [(0, 0, {"face_value": 15, "threshold": 50})],
                    "participation_ids": [(0, 0, {"venue_id": venue.id, "state": "approved"})],
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
            partner = env["res.partner"].create({"name": "Voucher racer", "phone": "13700137002"})
            voucher = env["sports.voucher"].create(
                {
                    "campaign_id": campaign.id,
                    "batch_id": batch.id,
                    "denomination_id": campaign.denomination_ids.id,
                    "partner_id": partner.id,
                    "face_value": 15.0,
                    "threshold": 50.0,
                    "expires_at": fields.Datetime.now() + timedelta(days=7),
                }
            )
            cls.ids = {
                "config": config.id,
                "session": session.id,
                "method": method.id,
                "journal": journal.id,
                "product": product.id,
                "voucher_product": env.ref("sports_voucher.product_sports_voucher").id,
                "campaign": campaign.id,
                "partner": partner.id,
                "voucher": voucher.id,
                "pricelist": config.pricelist_id.id,
            }
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        ids = cls.ids
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(
                "DELETE FROM sports_voucher_redemption WHERE voucher_id = %s", [ids["voucher"]]
            )
            cr.execute("DELETE FROM pos_order WHERE session_id = %s", [ids["session"]])
            cr.execute("DELETE FROM sports_voucher WHERE id = %s", [ids["voucher"]])
            cr.execute("DELETE FROM pos_session WHERE id = %s", [ids["session"]])
            cr.execute("DELETE FROM pos_config WHERE id = %s", [ids["config"]])
            env["sports.voucher.campaign"].browse(ids["campaign"]).unlink()
            env["pos.payment.method"].browse(ids["method"]).unlink()
            env["account.journal"].browse(ids["journal"]).unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def order_data(self):
        ids = self.ids
        key = str(uuid.uuid4())

        def line(product, price):
            return [
                0,
                0,
                {
                    "product_id": product,
                    "qty": 1,
                    "price_unit": price,
                    "price_subtotal": price,
                    "price_subtotal_incl": price,
                    "tax_ids": [[6, 0, []]],
                    "uuid": str(uuid.uuid4()),
                },
            ]

        voucher_line = line(ids["voucher_product"], -15.0)
        voucher_line[2]["sports_voucher_id"] = ids["voucher"]
        return {
            "uuid": key,
            "name": f"Order {key}",
            "access_token": str(uuid.uuid4()),
            "state": "paid",
            "session_id": ids["session"],
            "partner_id": ids["partner"],
            "pricelist_id": ids["pricelist"],
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "amount_paid": 45.0,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": 45.0,
            "last_order_preparation_change": "{}",
            "lines": [line(ids["product"], 60.0), voucher_line],
            "payment_ids": [
                [
                    0,
                    0,
                    {
                        "amount": 45.0,
                        "payment_method_id": ids["method"],
                        "uuid": str(uuid.uuid4()),
                    },
                ]
            ],
        }

    @mute_logger("odoo.sql_db", "odoo.addons.point_of_sale.models.pos_order")
    def test_same_order_synced_in_parallel_redeems_once(self):
        data = self.order_data()
        barrier = threading.Barrier(2)
        outcomes, lock = [], threading.Lock()

        def sync():
            barrier.wait(timeout=60)
            # Odoo's RPC layer replays what concurrency breaks (odoo.service.model); a
            # duplicate order is refused by the unique uuid of pos.order.
            for _attempt in range(20):
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    try:
                        env["pos.order"].sync_from_ui([copy.deepcopy(data)])
                        cr.commit()  # pylint: disable=invalid-commit
                        return "synced"
                    except (SerializationFailure, LockNotAvailable, DeadlockDetected):
                        cr.rollback()
                    except IntegrityError:
                        cr.rollback()
                        return "duplicate"
                    except UserError:
                        # The voucher was used by the other connection's copy.
                        cr.rollback()
                        return "refused"
                time.sleep(random.uniform(0, 0.05))
            return "gave up"

        def guarded():
            try:
                result = sync()
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                result = f"error: {exc!r}"
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=guarded) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(len(outcomes), 2, outcomes)
        # A copy that comes second finds the paid order and leaves it (synced, no-op), or
        # is refused by the unique uuid of pos.order (duplicate).
        self.assertIn("synced", outcomes)
        self.assertFalse([o for o in outcomes if o not in ("synced", "duplicate", "refused")])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["pos.order"].search([("uuid", "=", data["uuid"])])
            self.assertEqual(len(orders), 1)
            self.assertEqual(orders.state, "paid")
            redemptions = env["sports.voucher.redemption"].search(
                [("voucher_id", "=", self.ids["voucher"])]
            )
            self.assertEqual(len(redemptions), 1)
            self.assertEqual(redemptions.pos_order_id, orders)
            self.assertEqual(env["sports.voucher"].browse(self.ids["voucher"]).state, "used")
        # Synced once more afterwards, as the POS does after a lost answer: nothing more.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["pos.order"].sync_from_ui([copy.deepcopy(data)])
            cr.commit()  # pylint: disable=invalid-commit
            count = env["sports.voucher.redemption"].search_count(
                [("voucher_id", "=", self.ids["voucher"])]
            )
            self.assertEqual(count, 1)
