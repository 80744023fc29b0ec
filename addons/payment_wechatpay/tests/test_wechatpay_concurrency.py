import random
import threading
import time
import uuid

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestWeChatPayConcurrentNotifications(BaseCase):
    """Real threads, each with its own connection and transaction, deliver the same paid
    notification at once: the transaction is confirmed by exactly one of them.

    The fixture commits on its own cursor (a race is only real between committed
    transactions) and the class removes it afterwards.
    """

    THREADS = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.reference = "WXRACE-" + uuid.uuid4().hex[:8].upper()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cny = env.ref("base.CNY")
            cls.cny_was_active = cny.active
            cny.active = True
            # A provider of its own; no request leaves here, so the keys are placeholders.
            provider = env.ref("payment_wechatpay.payment_provider_wechatpay").copy(
                {
                    "name": "WeChat Pay (race)",
                    "state": "test",
                    "wechatpay_mch_id": "1900000109",
                    "wechatpay_app_id": "wx8888888888888888",
                    "wechatpay_api_v3_key": "0" * 32,
                    "wechatpay_private_key": "unused",
                    "wechatpay_cert_serial_no": "unused",
                    "wechatpay_platform_cert": "unused",
                    "wechatpay_platform_serial": "unused",
                }
            )
            partner = env["res.partner"].create({"name": "Race Payer"})
            tx = env["payment.transaction"].create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": env.ref("payment.payment_method_wechat_pay").id,
                    "reference": cls.reference,
                    "amount": 88.0,
                    "currency_id": cny.id,
                    "partner_id": partner.id,
                    "operation": "online_redirect",
                }
            )
            cls.tx_id, cls.partner_id, cls.provider_id = tx.id, partner.id, provider.id
        cls.addClassCleanup(cls._remove_fixture)

    @classmethod
    def _remove_fixture(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["payment.transaction"].browse(cls.tx_id).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            env["payment.provider"].browse(cls.provider_id).unlink()
            env.ref("base.CNY").active = cls.cny_was_active

    @staticmethod
    def _apply_retrying(env, tx, resource):
        """What Odoo's HTTP layer does for the notification route (odoo.service.model.retrying,
        which cannot run here under the registry lock): a delivery that lost the race for the
        row lock meets a serialization failure, rolls back and tries again."""
        for _attempt in range(5):
            try:
                result = tx._wechatpay_apply_notification(resource)
                env.cr.commit()
                return result
            except errors.SerializationFailure:
                env.cr.rollback()
                env.invalidate_all()
                time.sleep(random.uniform(0.05, 0.3))
        raise AssertionError("no attempt committed")

    def test_one_paid_notification_delivered_concurrently_confirms_once(self):
        resource = {
            "mchid": "1900000109",
            "out_trade_no": self.reference,
            "transaction_id": "4200000000000000000000000001",
            "trade_state": "SUCCESS",
            "trade_state_desc": "Payment succeeded",
            "amount": {"total": 8800, "currency": "CNY"},
        }
        barrier = threading.Barrier(self.THREADS)
        changed, failures = [], []

        def deliver():
            try:
                with self.registry.cursor() as cr:
                    # The test runner holds Registry._lock while post-install tests run, and
                    # Environment() would look the registry up under that lock: hand it over.
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    tx = env["payment.transaction"].browse(self.tx_id)
                    barrier.wait(timeout=10)
                    changed.append(self._apply_retrying(env, tx, resource))
            except Exception as error:  # noqa: BLE001 - reported to the test thread
                failures.append(repr(error))

        threads = [threading.Thread(target=deliver) for _ in range(self.THREADS)]
        # The deliveries that lose the race log their serialization failure: expected here.
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertFalse(failures)
        self.assertEqual(sorted(changed), [False] * (self.THREADS - 1) + [True])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tx = env["payment.transaction"].browse(self.tx_id)
            self.assertEqual(tx.state, "done")
            self.assertEqual(tx.provider_reference, resource["transaction_id"])
