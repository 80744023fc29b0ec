from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

T0 = datetime(2026, 6, 1, 2, 0, 0)  # 10:00 in Nanjing


@tagged("post_install", "-at_install")
class TestPosTimed(TestPoSCommon):
    """Timed sessions on an item (计时): price per started period, one running session
    per item in the database, stop, bill and pay once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Timed Arena", "code": "TTIM", "tz": DEFAULT_TZ}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Table tennis (timed)",
                "type": "service",
                "list_price": 20.0,
                "available_in_pos": True,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.table = cls.env["sports.timed.item"].create(
            {
                "name": "Table 1",
                "venue_id": cls.venue.id,
                "product_id": cls.product.id,
                "period_minutes": 30,
                "price": 20.0,
            }
        )
        cls.Session = cls.env["sports.timed.session"]

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    def _start(self, item=None, at=T0):
        with freeze_time(at):
            payload = self.Session.pos_start(self.config.id, "item", (item or self.table).id)
        sessions = self.Session.search([("item_id", "=", (item or self.table).id)], limit=1)
        return sessions, payload

    def _stop(self, session, at):
        with freeze_time(at):
            return self.Session.pos_stop(self.config.id, session.id)

    def _bill(self, session, uuid, price=None, quantity=1):
        price = session.amount if price is None else price
        data = self.create_ui_order_data(
            [
                {
                    "product": self.product,
                    "quantity": quantity,
                    "price_unit": price,
                    "price_subtotal": price * quantity,
                    "price_subtotal_incl": price * quantity,
                    "sports_timed_session_id": session.id,
                }
            ],
            pos_order_ui_args={"state": "paid"},
            payments=[(self.cash_pm1, price * quantity)],
            uuid=uuid,
        )
        return data, self.env["pos.order"].sync_from_ui([data])

    def test_price_per_started_period(self):
        cases = [(0, 20.0), (1, 20.0), (30, 20.0), (31, 40.0), (60, 40.0), (61, 60.0)]
        for minutes, expected in cases:
            amount, until = self.table._price_until(T0, T0 + timedelta(minutes=minutes))
            self.assertEqual(amount, expected, f"{minutes} minutes")
            self.assertGreaterEqual(until, T0 + timedelta(minutes=minutes))
        session, payload = self._start()
        self.assertEqual(session.state, "running")
        self.assertEqual(payload["due"][session.id]["amount"], 20.0)
        with freeze_time(T0 + timedelta(minutes=45)):
            payload = self.Session.pos_refresh(self.config.id, [])
        self.assertEqual(payload["due"][session.id]["amount"], 40.0)
        self.assertEqual(payload["due"][session.id]["until"], "2026-06-01 03:00:00")
        self._stop(session, T0 + timedelta(minutes=61))
        self.assertEqual(session.state, "stopped")
        self.assertEqual(session.amount, 60.0, "61 minutes start a third period.")
        self.assertEqual(session.stop_at, T0 + timedelta(minutes=61))
        # Stopping again (a retry) keeps the bill.
        self._stop(session, T0 + timedelta(minutes=90))
        self.assertEqual(session.amount, 60.0)
        self.assertEqual(session.stop_at, T0 + timedelta(minutes=61))

    def test_one_running_session_per_item_in_database(self):
        session, _payload = self._start()
        with self.assertRaisesRegex(UserError, "already running"):
            self._start()
        # The database refuses it even past the check, as two racing desks would.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Session.sudo().create(
                    {
                        "name": "Table 1",
                        "item_id": self.table.id,
                        "venue_id": self.venue.id,
                        "product_id": self.product.id,
                        "start_at": T0,
                    }
                )
                self.env.flush_all()
        self._stop(session, T0 + timedelta(minutes=10))
        again, _payload = self._start(at=T0 + timedelta(minutes=11))
        self.assertNotEqual(again, session, "A stopped item can start again.")
        payload = self.Session.pos_refresh(self.config.id, [])
        self.assertNotIn(self.table.id, [s["id"] for s in payload["startables"]])

    def test_paid_order_closes_the_session_once(self):
        session, _payload = self._start()
        self._stop(session, T0 + timedelta(minutes=45))
        self.assertEqual(session.amount, 40.0)
        data, result = self._bill(session, "timed-pay-1")
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        self.assertEqual(order.state, "paid")
        self.assertEqual(session.state, "paid")
        self.assertEqual(session.pos_order_line_id, order.lines)
        self.assertEqual(session.pos_order_id, order)
        self.assertEqual(
            [s["state"] for s in result["sports.timed.session"]],
            ["paid"],
            "The POS learns that the session is paid.",
        )
        # The same order synced again changes nothing.
        self.env["pos.order"].sync_from_ui([data])
        self.assertEqual(session.pos_order_line_id, order.lines)
        # Another order cannot bill it again.
        with self.assertRaisesRegex(UserError, "paid already"), self.env.cr.savepoint():
            self._bill(session, "timed-pay-2")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "timed-pay-2")]))
        with self.assertRaisesRegex(UserError, "paid already"):
            self._stop(session, T0 + timedelta(hours=2))

    def test_price_from_the_pos_is_checked(self):
        session, _payload = self._start()
        self._stop(session, T0 + timedelta(minutes=45))
        with self.assertRaisesRegex(UserError, "costs"), self.env.cr.savepoint():
            self._bill(session, "timed-cheap", price=1.0)
        with self.assertRaisesRegex(UserError, "costs"), self.env.cr.savepoint():
            self._bill(session, "timed-twice", price=40.0, quantity=2)
        self.assertEqual(session.state, "stopped")
        self.assertFalse(session.pos_order_line_id)

    def test_running_session_cannot_be_paid(self):
        session, _payload = self._start()
        with self.assertRaisesRegex(UserError, "still running"), self.env.cr.savepoint():
            self._bill(session, "timed-running", price=20.0)
        self.assertEqual(session.state, "running")

    def test_pos_data_lists_open_sessions_of_the_venue(self):
        session, _payload = self._start()
        self.assertIn("sports.timed.session", self.pos_session._load_pos_data_models(self.config))
        loaded = self.Session._load_pos_data_search_read({}, self.config)
        self.assertEqual([s["id"] for s in loaded], session.ids)
        self.assertIn(
            "sports_timed_session_id",
            self.env["pos.order.line"]._load_pos_data_fields(self.config),
        )

    def test_timed_product_is_billed_by_its_session_only(self):
        """Selling the table's product from the grid would bill any time at list price."""
        with self.assertRaisesRegex(UserError, "Running screen"), self.env.cr.savepoint():
            data = self.create_ui_order_data(
                [(self.product, 1)], pos_order_ui_args={"state": "paid"}, uuid="timed-bare"
            )
            self.env["pos.order"].sync_from_ui([data])
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "timed-bare")]))
        self.assertIn(self.product.id, self.Session.pos_timed_products(self.config.id))

    def test_write_off_a_stopped_session(self):
        session, _payload = self._start()
        with self.assertRaisesRegex(UserError, "only a stopped session"):
            session.action_write_off()
        self._stop(session, T0 + timedelta(minutes=5))
        desk = new_test_user(self.env, login="timed_desk", groups="sports_venue.group_arena_user")
        with self.assertRaisesRegex(AccessError, "Arena managers"):
            session.with_user(desk).action_write_off()
        session.action_write_off()
        self.assertEqual(session.state, "cancelled")
        payload = self.Session.pos_refresh(self.config.id, [])
        self.assertFalse(payload["sports.timed.session"], "It leaves the Running screen.")
        self.assertIn(self.table.id, [s["id"] for s in payload["startables"]])
        with self.assertRaisesRegex(UserError, "written off"), self.env.cr.savepoint():
            self._bill(session, "timed-written-off", price=20.0)
        with self.assertRaisesRegex(UserError, "written off"):
            self._stop(session, T0 + timedelta(minutes=6))

    def test_cashier_without_arena_group_gets_a_message(self):
        cashier = new_test_user(
            self.env, login="timed_pos_only", groups="point_of_sale.group_pos_user"
        )
        with self.assertRaisesRegex(AccessError, "Arena user group"):
            self.Session.with_user(cashier).pos_start(self.config.id, "item", self.table.id)
        with self.assertRaisesRegex(UserError, "must be one of"):
            self.Session.pos_start(self.config.id, "spaceship", self.table.id)
