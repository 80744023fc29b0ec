from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.sports_pos.tests.common import ui_order_copy
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

    _copy = staticmethod(ui_order_copy)

    def _sell(self, quantity, uuid):
        # The POS sends a validated order in state "paid".
        data = self.create_ui_order_data(
            [(self.ticket_product, quantity)], pos_order_ui_args={"state": "paid"}, uuid=uuid
        )
        result = self.env["pos.order"].sync_from_ui([data])
        order = self.env["pos.order"].browse(result["pos.order"][0]["id"])
        return data, order, result

    def _refund(self, line, quantity, uuid, price_unit=None):
        extra = {}
        if price_unit is not None:
            total = price_unit * -quantity
            extra = {
                "price_unit": price_unit,
                "price_subtotal": total,
                "price_subtotal_incl": total,
            }
        data = self.create_ui_order_data(
            [
                {
                    "product": self.ticket_product,
                    "quantity": -quantity,
                    "refunded_orderline_id": line.id,
                    **extra,
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

    def test_refund_used_with_fee_keeps_the_fee(self):
        """Issue 14, flow 1: a used ticket whose type says so is refunded minus a fee."""
        self.ticket_type.write({"used_refund_policy": "fee", "used_refund_fee": 5.0})
        _data, order, _result = self._sell(2, "tk-fee-1")
        line = order.lines
        used = line.sports_ticket_ids[0]
        self.assertIsNone(used._consume(fields.Datetime.now()))
        # The full price for a used ticket is refused: the fee is kept on the server.
        with self.assertRaisesRegex(UserError, "minus a fee"), self.env.cr.savepoint():
            self._refund(line, 2, "tk-fee-2", price_unit=30.0)
        self.assertEqual(set(line.sports_ticket_ids.mapped("state")), {"active"})
        # One unused at 30 and one used at 25: 27.50 each.
        self._refund(line, 2, "tk-fee-3", price_unit=27.5)
        refund = self.env["pos.order"].search([("uuid", "=", "tk-fee-3")])
        self.assertAlmostEqual(refund.amount_total, -55.0)
        self.assertEqual(set(line.sports_ticket_ids.mapped("state")), {"revoked"})
        self.assertEqual(line.sports_ticket_ids.pos_refund_line_id, refund.lines)

    def test_refund_used_with_fee_of_one_ticket(self):
        self.ticket_type.write({"used_refund_policy": "fee", "used_refund_fee": 12.0})
        _data, order, _result = self._sell(1, "tk-fee1-1")
        ticket = order.lines.sports_ticket_ids
        token = ticket.qr_token
        self.assertIsNone(ticket._consume(fields.Datetime.now()))
        lookup = self.env["pos.order.line"].sports_ticket_lookup(token)
        self.assertEqual(lookup["state"], "used")
        self.assertAlmostEqual(lookup["refund_price"], 18.0)
        self._refund(order.lines, 1, "tk-fee1-2", price_unit=18.0)
        self.assertEqual(ticket.state, "revoked")
        lookup = self.env["pos.order.line"].sports_ticket_lookup(token)
        self.assertEqual(lookup["state"], "revoked")
        self.assertIsNone(lookup["refund_price"])

    def test_used_ticket_refund_refused_by_default(self):
        self.assertEqual(self.ticket_type.used_refund_policy, "refuse")
        _data, order, _result = self._sell(1, "tk-def-1")
        ticket = order.lines.sports_ticket_ids
        self.assertIsNone(ticket._consume(fields.Datetime.now()))
        lookup = self.env["pos.order.line"].sports_ticket_lookup(ticket.qr_token)
        self.assertIsNone(lookup["refund_price"])
        with self.assertRaisesRegex(UserError, "used already"), self.env.cr.savepoint():
            self._refund(order.lines, 1, "tk-def-2", price_unit=1.0)
