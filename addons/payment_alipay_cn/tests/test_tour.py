from odoo.tests import HttpCase, tagged
from odoo.tools import hmac as hmac_tool

from .common import AlipayFixture


@tagged("post_install", "-at_install")
class TestAlipayTour(AlipayFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_alipay()
        cls.provider.is_published = True

    def setUp(self):
        super().setUp()
        self.fake.notify_cookies = lambda: {"test_request_key": self.http_request_key}
        self.fake.cashier_autopay = True

    def test_a_visitor_pays_a_payment_link_with_alipay_page_pay(self):
        amount, currency_id, partner_id = 128.0, self.cny.id, self.partner.id
        token = hmac_tool(
            self.env(su=True), "generate_access_token", f"{partner_id}|{amount}|{currency_id}"
        )
        self.start_tour(
            f"/payment/pay?amount={amount}&currency_id={currency_id}&partner_id={partner_id}"
            f"&access_token={token}",
            "payment_alipay_cn_page_pay",
        )
        tx = self.env["payment.transaction"].search(
            [("provider_id", "=", self.provider.id), ("partner_id", "=", partner_id)]
        )
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, 128.0)
        trade = self.fake.trades[tx.reference]
        self.assertEqual((trade["status"], trade["total_amount"]), ("TRADE_SUCCESS", "128.00"))
        self.assertEqual(trade["method"], "alipay.trade.page.pay")
        self.assertEqual([answer for _params, answer in self.fake.notifications], ["success"])
