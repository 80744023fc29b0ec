import logging
import random
import threading
import time
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestConcurrentSpends(BaseCase):
    """50 threads, each on its own connection, spend 3.00 from one card holding 100.00.

    The fixture commits on its own cursor (a race is only real between committed
    transactions) and the class removes what it made. A thread whose lock wait ends in a
    serialisation failure retries with the same idempotency key, as Odoo's RPC layer does.
    """

    THREADS = 50

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company._arena_card_accounting()
            card_type = env["sports.card.type"].create(
                {"name": f"Race {uuid.uuid4().hex[:6]}", "kind": "stored_value"}
            )
            partner = env["res.partner"].create({"name": "Racer", "phone": "13700137000"})
            card = env["sports.card"].create({"type_id": card_type.id, "partner_id": partner.id})
            card.topup(100.0, f"race-topup-{card.id}", ref="race")
            cls.card_id, cls.type_id, cls.partner_id = card.id, card_type.id, partner.id
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # The ledger is append-only; only this fixture's own rows go, by SQL.
            cr.execute(
                "SELECT account_move_id FROM sports_card_move WHERE card_id = %s", [cls.card_id]
            )
            entries = env["account.move"].browse([r[0] for r in cr.fetchall() if r[0]])
            cr.execute("DELETE FROM sports_card_move WHERE card_id = %s", [cls.card_id])
            entries.button_draft()
            entries.with_context(force_delete=True).unlink()
            cr.execute("DELETE FROM sports_card WHERE id = %s", [cls.card_id])
            card_type = env["sports.card.type"].browse(cls.type_id)
            product = card_type.product_id
            card_type.unlink()
            product.unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    @mute_logger("odoo.sql_db")
    def test_fifty_parallel_spends_never_overdraw(self):
        barrier = threading.Barrier(self.THREADS)
        outcomes, lock = [], threading.Lock()
        retries = [0]

        def spend(index):
            key = f"race-{self.card_id}-{index}"
            barrier.wait(timeout=60)
            for _attempt in range(1000):
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    try:
                        env["sports.card"].browse(self.card_id).charge(3.0, key, ref="race")
                        cr.commit()  # pylint: disable=invalid-commit
                        return "accepted"
                    except SerializationFailure:
                        cr.rollback()
                        with lock:
                            retries[0] += 1
                    except UserError:
                        cr.rollback()
                        return "rejected"
                time.sleep(random.uniform(0, 0.01))
            return "gave up"

        def guarded(index):
            try:
                result = spend(index)
            except Exception as exc:  # a crashed worker must fail the test, not hang it
                result = f"error: {exc!r}"
            with lock:
                outcomes.append(result)

        started = time.monotonic()
        threads = [threading.Thread(target=guarded, args=(i,)) for i in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        elapsed = time.monotonic() - started
        self.assertEqual(len(outcomes), self.THREADS, outcomes)
        self.assertEqual(outcomes.count("accepted"), 33, outcomes)
        self.assertEqual(outcomes.count("rejected"), 17, outcomes)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            card = env["sports.card"].browse(self.card_id)
            self.assertEqual(card.balance_paid, 1.0)
            self.assertEqual(card._check_balance_integrity(), [])
            self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "spend")), 33)
        # Shown in the test log for the benchmark note.
        _logger.info(
            "50 parallel spends: 33 accepted, 17 rejected, %s serialisation retries, %.0f/s",
            retries[0],
            self.THREADS / elapsed,
        )
