from odoo.tests import tagged

from .common import AUTH_CODE, PaymentCodeCommon


@tagged("post_install", "-at_install")
class TestPaymentCodeTour(PaymentCodeCommon):
    """A cashier takes a WeChat Pay payment code in the POS, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["product.product"].create(
            {
                "name": "Tour Shuttle",
                "list_price": 30.0,
                "available_in_pos": True,
                "taxes_id": False,
            }
        )

    def test_pay_by_payment_code(self):
        # The customer confirms on the phone: WeChat Pay answers USERPAYING, then SUCCESS
        # at the second query.
        self.server.micropay_answer = "USERPAYING"
        self.server.confirm_after = 2
        self.open_session(register=False)
        self.start_pos_tour("pos_payment_code_tour", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        trade = self.Trade.search([("payment_uuid", "=", order.payment_ids.uuid)])
        self.assertEqual(trade.state, "done")
        self.assertEqual(trade.pos_payment_id, order.payment_ids)
        self.assertEqual(self.server.orders[trade.reference]["auth_code"], AUTH_CODE)
        self.assertEqual(self.server.orders[trade.reference]["total_fee"], 3000)
        self.assertIn("/pay/orderquery", self.server.paths())

    def test_refund_by_payment_code(self):
        self.server.micropay_answer = "USERPAYING"
        self.server.confirm_after = 1
        self.open_session(register=False)
        self.start_pos_tour("pos_payment_code_refund_tour", login="pos_user")
        orders = self.main_pos_config.current_session_id.order_ids.sorted("id")
        self.assertEqual(len(orders), 2)
        self.assertEqual(orders.mapped("state"), ["paid", "paid"])
        sale, refund = orders
        self.assertEqual(refund.amount_total, -30.0)
        refund_trade = self.Trade.search([("payment_uuid", "=", refund.payment_ids.uuid)])
        sale_trade = self.Trade.search([("payment_uuid", "=", sale.payment_ids.uuid)])
        self.assertEqual(refund_trade.state, "done")
        self.assertEqual(refund_trade.refunded_trade_id, sale_trade)
        [server_refund] = self.server.refunds.values()
        self.assertEqual(server_refund["out_trade_no"], sale_trade.reference)
        self.assertEqual(server_refund["refund_fee"], 3000)
