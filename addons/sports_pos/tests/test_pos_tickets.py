import copy

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosTickets(TestPoSCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create(
            {"name": "POS Arena", "code": "TPOS", "tz": DEFAULT_TZ}
        )
        cls.ticket_type = cls.env["sports.ticket.type"].create(
            {"name": "Swim single", "venue_id": cls.venue.id, "kind": "single", "price": 30.0}
        )
        cls.ticket_product = cls.ticket_type.product_id
        cls.ticket_product.write({"available_in_pos": True, "taxes_id": [(5, 0, 0)]})

    def setUp(self):
        super().setUp()
        self.config = self.basic_config
        self.config.sports_venue_id = self.venue
        self.open_new_session()

    @staticmethod
    def _copy(data):
        """A fresh copy of UI order data, its commands as lists as the POS sends them."""
        data = copy.deepcopy(data)
        for field in ("lines", "payment_ids"):
            data[field] = [list(command) for command in data[field]]
        return data

    def _sell(self, quantity, uuid):
        # The POS sends a validated order in state "paid".
        data = self.create_ui_order_data(
            [(self.ticket_product, quantity)], pos_order_ui_args={"state": "paid"}, uuid=uuid
        )
        result = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        return data, order, result

    def _refund(self, line, quantity, uuid):
        data = self.create_ui_order_data(
            [
                {
                    "product": self.ticket_product,
                    "quantity": -quantity,
                    "refunded_orderline_id": line.id,
                }
            ],
            pos_order_ui_args={"state": "paid"},
            uuid=uuid,
        )
        return self.env["pos.order"].sync_from_ui([data])

    def test_issue_once(self):
        data = self.create_ui_order_data(
            [{"product": self.ticket_product, "quantity": 2, "uuid": "tk-once-line"}],
            pos_order_ui_args={"access_token": "tk-once-token"},
            uuid="tk-once-1",
        )
        for index, payment in enumerate(data["payment_ids"]):
            payment[2]["uuid"] = f"tk-once-pay-{index}"
        draft = {**self._copy(data), "state": "draft"}
        self.env["pos.order"].sync_from_ui([draft])
        order = self.env["pos.order"].search([("uuid", "=", "tk-once-1")])
        self.assertFalse(order.lines.sports_ticket_ids, "A draft order issues no ticket.")
        for _i in range(2):
            paid = {**self._copy(data), "state": "paid"}
            self.env["pos.order"].sync_from_ui([paid])
        self.assertEqual(order.state, "paid")
        tickets = order.lines.sports_ticket_ids
        self.assertEqual(len(tickets), 2, "One ticket per unit, whatever the number of syncs.")
        self.assertEqual(set(tickets.mapped("state")), {"active"})
        self.assertTrue(all(tickets.mapped("qr_token")))
        self.assertEqual(tickets.ticket_type_id, self.ticket_type)
        # Issuing again for the same lines (a replayed acceptance) issues nothing more.
        order._sports_ticket_issue()
        self.assertEqual(len(order.lines.sports_ticket_ids), 2)

    def test_qr_tokens_on_line(self):
        _data, order, result = self._sell(2, "tk-qr-1")
        tickets = order.lines.sports_ticket_ids
        line_data = result["pos.order.line"]
        self.assertEqual(len(line_data), 1)
        tokens = [entry["token"] for entry in line_data[0]["sports_ticket_qr_tokens"]]
        self.assertEqual(sorted(tokens), sorted(tickets.mapped("qr_token")))
        self.assertIn(
            "sports_ticket_qr_tokens",
            self.env["pos.order.line"]._load_pos_data_fields(self.config),
        )
        # A reprint reads the same codes again.
        again = self.env["pos.order"].read_pos_data_uuid("tk-qr-1")["pos.order.line"]
        self.assertEqual(
            again[0]["sports_ticket_qr_tokens"], line_data[0]["sports_ticket_qr_tokens"]
        )

    def test_refund_revokes_unused(self):
        _data, order, _result = self._sell(2, "tk-ref-1")
        line = order.lines
        self._refund(line, 1, "tk-ref-2")
        tickets = line.sports_ticket_ids
        self.assertEqual(sorted(tickets.mapped("state")), ["active", "revoked"])
        self.assertEqual(len(line.sports_ticket_qr_tokens), 1)
        refund = self.env["pos.order"].search([("uuid", "=", "tk-ref-2")])
        self.assertFalse(refund.lines.sports_ticket_ids, "A refund issues no ticket.")

    def test_refund_used_refused(self):
        _data, order, _result = self._sell(1, "tk-used-1")
        ticket = order.lines.sports_ticket_ids
        self.assertIsNone(ticket._consume(fields.Datetime.now()))
        with self.assertRaisesRegex(UserError, "used already"), self.env.cr.savepoint():
            self._refund(order.lines, 1, "tk-used-2")
        self.assertEqual(ticket.state, "active")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "tk-used-2")]))
