import copy
import random
import threading
import time
import uuid

from psycopg2 import IntegrityError
from psycopg2.errors import DeadlockDetected, LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPosCardParallelSync(BaseCase):
    """The same card-paid order synced by two connections at once debits the card once.

    The fixture commits on its own cursor (a race is only real between committed
    transactions) and the class removes what it made, in SQL where the ORM refuses (paid
    orders and the append-only ledger).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            company._arena_card_accounting()
            method = env["pos.payment.method"]._sports_card_payment_method(company)
            tag = uuid.uuid4().hex[:8]
            config = env["pos.config"].create(
                {
                    "name": f"Parallel desk {tag}",
                    "company_id": company.id,
                    "payment_method_ids": [fields.Command.set(method.ids)],
                }
            )
            config.open_ui()
            session = config.current_session_id
            session.set_opening_control(0, None)
            product = env["product.product"].create(
                {"name": f"Parallel lesson {tag}", "type": "service", "list_price": 30.0}
            )
            product.taxes_id = [fields.Command.clear()]
            card_type = env["sports.card.type"].create(
                {"name": f"Parallel {tag}", "kind": "stored_value", "company_id": company.id}
            )
            partner = env["res.partner"].create({"name": "Racer", "phone": "13700137001"})
            card = env["sports.card"].create({"type_id": card_type.id, "partner_id": partner.id})
            card.topup(100.0, f"parallel-topup-{card.id}", ref="race")
            cls.ids = {
                "config": config.id,
                "session": session.id,
                "method": method.id,
                "product": product.id,
                "type": card_type.id,
                "partner": partner.id,
                "card": card.id,
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
                "SELECT DISTINCT account_move_id FROM sports_card_move WHERE card_id = %s",
                [ids["card"]],
            )
            entries = env["account.move"].browse([r[0] for r in cr.fetchall() if r[0]])
            cr.execute("DELETE FROM sports_card_move WHERE card_id = %s", [ids["card"]])
            entries.button_draft()
            entries.with_context(force_delete=True).unlink()
            cr.execute("DELETE FROM pos_order WHERE session_id = %s", [ids["session"]])
            cr.execute("DELETE FROM pos_session WHERE id = %s", [ids["session"]])
            cr.execute("DELETE FROM pos_config WHERE id = %s", [ids["config"]])
            cr.execute("DELETE FROM sports_card WHERE id = %s", [ids["card"]])
            card_type = env["sports.card.type"].browse(ids["type"])
            type_product = card_type.product_id
            card_type.unlink()
            type_product.unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def order_data(self):
        ids = self.ids
        key = str(uuid.uuid4())
        return {
            "uuid": key,
            "name": f"Order {key}",
            "access_token": str(uuid.uuid4()),
            "state": "paid",
            "session_id": ids["session"],
            "pricelist_id": ids["pricelist"],
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "amount_paid": 30.0,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": 30.0,
            "last_order_preparation_change": "{}",
            "lines": [
                [
                    0,
                    0,
                    {
                        "product_id": ids["product"],
                        "qty": 1,
                        "price_unit": 30.0,
                        "price_subtotal": 30.0,
                        "price_subtotal_incl": 30.0,
                        "tax_ids": [[6, 0, []]],
                        "uuid": str(uuid.uuid4()),
                    },
                ]
            ],
            "payment_ids": [
                [
                    0,
                    0,
                    {
                        "amount": 30.0,
                        "payment_method_id": ids["method"],
                        "uuid": str(uuid.uuid4()),
                        "sports_card_ref": ids["card"],
                    },
                ]
            ],
        }

    @mute_logger("odoo.sql_db", "odoo.addons.point_of_sale.models.pos_order")
    def test_same_order_synced_in_parallel_debits_once(self):
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
        self.assertIn("synced", outcomes)
        self.assertFalse([o for o in outcomes if o not in ("synced", "duplicate")], outcomes)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["pos.order"].search([("uuid", "=", data["uuid"])])
            self.assertEqual(len(orders), 1)
            self.assertEqual(orders.state, "paid")
            card = env["sports.card"].browse(self.ids["card"])
            self.assertEqual(card.balance_total, 70.0)
            self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "spend")), 1)
        # Synced once more afterwards, as the POS does after a lost answer: nothing more.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["pos.order"].sync_from_ui([copy.deepcopy(data)])
            cr.commit()  # pylint: disable=invalid-commit
            card = env["sports.card"].browse(self.ids["card"])
            self.assertEqual(card.balance_total, 70.0)
