from decimal import Decimal

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .alipay_server import generate_key_pair
from .common import AlipayFixture

CODE = "281234567890123456"  # what a customer's Alipay app shows as its payment code


@tagged("post_install", "-at_install")
class TestAlipayPaycode(AlipayFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_alipay()

    def pay(self, reference="POS-1", amount=12.3, auth_code=CODE):
        return self.provider._alipay_cn_paycode_pay(
            reference=reference,
            amount=amount,
            currency=self.cny,
            auth_code=auth_code,
            subject="Badminton court",
        )

    def test_paycode_success_charges_once_even_when_sent_twice(self):
        first = self.pay()
        self.assertEqual(first["state"], "done", first)
        trade = self.fake.trades["POS-1"]
        self.assertEqual(first["provider_reference"], trade["trade_no"])
        self.assertEqual(trade["total_amount"], "12.30")
        method, biz = self.fake.calls[-1]
        self.assertEqual(
            (method, biz["scene"], biz["auth_code"]), ("alipay.trade.pay", "bar_code", CODE)
        )
        again = self.pay()
        self.assertEqual(again["state"], "done")
        self.assertEqual(again["provider_reference"], trade["trade_no"])
        self.assertEqual(trade["charges"], 1)
        self.assertEqual(len(self.fake.trades), 1)

    def test_the_same_reference_with_another_amount_is_refused(self):
        self.assertEqual(self.pay(amount=12.3)["state"], "done")
        other = self.pay(amount=99)
        self.assertEqual(other["state"], "error")
        self.assertIn("other details", other["message"])
        self.assertEqual(self.fake.trades["POS-1"]["charges"], 1)

    def test_paycode_needing_confirmation_is_pending_until_the_customer_confirms(self):
        self.fake.pay_scenario = "wait"
        self.fake.confirm_after_queries = 2
        result = self.pay()
        self.assertEqual(result["state"], "pending")
        self.assertTrue(result["message"])
        self.assertEqual(self.provider._alipay_cn_paycode_query("POS-1")["state"], "pending")
        done = self.provider._alipay_cn_paycode_query("POS-1")
        self.assertEqual(done["state"], "done")
        self.assertEqual(done["provider_reference"], self.fake.trades["POS-1"]["trade_no"])

    def test_paycode_never_confirmed_is_cancelled_and_the_trade_closed(self):
        self.fake.pay_scenario = "never"
        self.assertEqual(self.pay()["state"], "pending")
        for _poll in range(3):
            self.assertEqual(self.provider._alipay_cn_paycode_query("POS-1")["state"], "pending")
        cancel = self.provider._alipay_cn_paycode_cancel("POS-1")
        self.assertEqual(cancel["state"], "cancelled")
        self.assertEqual(self.fake.trades["POS-1"]["status"], "TRADE_CLOSED")
        self.assertEqual(self.fake.trades["POS-1"]["charges"], 0)
        self.assertEqual(self.provider._alipay_cn_paycode_query("POS-1")["state"], "cancelled")
        # Cancelling again (a retry after a lost answer) is harmless.
        self.assertEqual(self.provider._alipay_cn_paycode_cancel("POS-1")["state"], "cancelled")

    def test_cancel_after_a_late_payment_refunds_it_in_full(self):
        self.assertEqual(self.pay(amount=50)["state"], "done")
        cancel = self.provider._alipay_cn_paycode_cancel("POS-1")
        self.assertEqual(cancel["state"], "cancelled")
        self.assertEqual(self.fake.refunded("POS-1"), Decimal("50.00"))

    def test_cancel_of_a_trade_alipay_never_received_is_cancelled(self):
        self.assertEqual(self.provider._alipay_cn_paycode_cancel("POS-404")["state"], "cancelled")

    def test_system_error_is_pending_and_the_query_finds_the_payment(self):
        self.fake.pay_scenario = "system_error"
        self.assertEqual(self.pay()["state"], "pending")
        self.assertEqual(self.provider._alipay_cn_paycode_query("POS-1")["state"], "done")

    def test_lost_answer_is_pending_never_an_error(self):
        self.fake.drop_answers = 1
        result = self.pay()
        self.assertEqual(result["state"], "pending")
        self.assertEqual(self.fake.trades["POS-1"]["status"], "TRADE_SUCCESS")
        self.assertEqual(self.provider._alipay_cn_paycode_query("POS-1")["state"], "done")

    def test_definite_refusals_are_errors_with_a_message(self):
        self.fake.pay_scenario = "balance"
        result = self.pay(reference="POS-2")
        self.assertEqual(result["state"], "error")
        self.assertIn("balance", result["message"])
        self.fake.pay_scenario = "invalid_code"
        result = self.pay(reference="POS-3")
        self.assertEqual(result["state"], "error")
        self.assertIn("payment code", result["message"])

    def test_a_code_that_is_not_an_alipay_code_is_refused_without_calling_alipay(self):
        result = self.pay(auth_code="not-a-code")
        self.assertEqual(result["state"], "error")
        self.assertFalse(self.fake.calls)

    def test_bad_amounts_currencies_and_references_are_user_errors(self):
        with self.assertRaises(UserError):
            self.pay(amount=0)
        with self.assertRaises(UserError):
            self.pay(amount="abc")
        with self.assertRaises(UserError):
            self.provider._alipay_cn_paycode_pay(
                reference="POS-1",
                amount=10,
                currency=self.env.ref("base.USD"),
                auth_code=CODE,
                subject="x",
            )
        with self.assertRaises(UserError):
            self.pay(reference="x" * 65)
        self.assertFalse(self.fake.calls)

    def test_paycode_refund_is_idempotent_by_refund_reference(self):
        self.assertEqual(self.pay(amount=30)["state"], "done")
        refund = self.provider._alipay_cn_paycode_refund(
            reference="POS-1", refund_reference="POS-1-R1", amount=10, currency="CNY"
        )
        self.assertEqual(refund["state"], "done", refund)
        again = self.provider._alipay_cn_paycode_refund(
            reference="POS-1", refund_reference="POS-1-R1", amount=10, currency="CNY"
        )
        self.assertEqual(again["state"], "done")
        self.assertEqual(self.fake.refunded("POS-1"), Decimal("10.00"))
        too_much = self.provider._alipay_cn_paycode_refund(
            reference="POS-1", refund_reference="POS-1-R2", amount=25, currency="CNY"
        )
        self.assertEqual(too_much["state"], "error")
        self.assertIn("more than", too_much["message"])
        self.assertEqual(self.fake.refunded("POS-1"), Decimal("10.00"))

    def test_a_wrong_app_key_is_refused_by_alipay(self):
        other_private, _other_public = generate_key_pair()
        self.provider.alipay_cn_private_key = other_private
        result = self.pay()
        self.assertEqual(result["state"], "error")
        self.assertIn("signature", result["message"])
        self.assertFalse(self.fake.trades)

    def test_an_answer_not_signed_by_alipay_never_counts_as_paid(self):
        self.fake.answer_key, _public = generate_key_pair()
        result = self.pay()
        self.assertEqual(result["state"], "pending")
        self.assertEqual(self.provider._alipay_cn_paycode_query("POS-1")["state"], "pending")

    def test_invalid_keys_are_refused_when_saved(self):
        with self.assertRaises(ValidationError):
            self.provider.alipay_cn_private_key = "not a key"
        with self.assertRaises(ValidationError):
            self.provider.alipay_cn_public_key = self.app_private_key
        with self.assertRaises(ValidationError):
            self.provider.alipay_cn_gateway = "http://example.com/gateway.do"
