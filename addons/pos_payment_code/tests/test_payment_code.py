import uuid
from datetime import timedelta

import requests

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AUTH_CODE, PaymentCodeCommon


@tagged("post_install", "-at_install")
class TestPaymentCode(PaymentCodeCommon):
    """The desk's payment code against a local WeChat Pay API v2 that checks signatures."""

    def setUp(self):
        super().setUp()
        self.session = self.open_session()

    def test_immediate_payment_is_done(self):
        payment_uuid, result = self.pay(30.0)
        self.assertEqual(result["state"], "done")
        trade = self.trade(payment_uuid)
        order = self.server.orders[trade.reference]
        self.assertEqual(order["total_fee"], 3000, "30.00 CNY is 3000 fen")
        self.assertEqual(order["auth_code"], AUTH_CODE)
        self.assertEqual(trade.provider_reference, order["transaction_id"])
        self.assertEqual(trade.session_id, self.session)

    def test_micropay_that_needs_the_customers_confirmation(self):
        self.server.micropay_answer = "USERPAYING"
        self.server.confirm_after = 2
        payment_uuid, result = self.pay(12.5)
        self.assertEqual(result["state"], "pending")
        self.assertEqual(self.desk().paycode_poll(payment_uuid)["state"], "pending")
        result = self.desk().paycode_poll(payment_uuid)
        self.assertEqual(result["state"], "done")
        trade = self.trade(payment_uuid)
        self.assertEqual(trade.state, "done")
        self.assertEqual(
            result["provider_reference"], self.server.orders[trade.reference]["transaction_id"]
        )
        self.assertEqual(
            self.server.paths(), ["/pay/micropay", "/pay/orderquery", "/pay/orderquery"]
        )

    def test_micropay_that_times_out_is_reversed(self):
        self.server.micropay_answer = "USERPAYING"
        self.server.confirm_after = None
        payment_uuid, result = self.pay(20.0)
        self.assertEqual(result["state"], "pending")
        self.assertEqual(self.desk().paycode_poll(payment_uuid)["state"], "pending")
        trade = self.trade(payment_uuid)
        trade.sudo().deadline = fields.Datetime.now() - timedelta(seconds=1)
        self.env.flush_all()
        result = self.desk().paycode_poll(payment_uuid)
        self.assertEqual(result["state"], "cancelled")
        self.assertEqual(self.server.orders[trade.reference]["state"], "REVOKED")
        self.assertEqual(self.server.paths()[-1], "/secapi/pay/reverse")
        # The order cannot be paid by it any more.
        with self.assertRaises(UserError):
            self.sync_order(payment_uuid, 20.0)

    def test_cashier_cancels_while_the_customer_confirms(self):
        self.server.micropay_answer = "USERPAYING"
        self.server.confirm_after = None
        payment_uuid, _result = self.pay(20.0)
        result = self.desk().paycode_cancel(payment_uuid)
        self.assertEqual(result["state"], "cancelled")
        self.assertEqual(self.server.orders[self.trade(payment_uuid).reference]["state"], "REVOKED")

    def test_a_replay_with_the_same_uuid_charges_once(self):
        payment_uuid, first = self.pay(30.0)
        _same, replay = self.pay(30.0, payment_uuid=payment_uuid)
        self.assertEqual(first["state"], "done")
        self.assertEqual(replay, first)
        # Another code scanned for a payment already done charges nothing either.
        _same, other = self.pay(30.0, payment_uuid=payment_uuid, auth_code="134567890123456000")
        self.assertEqual(other["state"], "done")
        self.assertEqual(self.server.paths(), ["/pay/micropay"])
        self.assertEqual(len(self.server.orders), 1)
        self.assertEqual(self.Trade.search_count([("payment_uuid", "=", payment_uuid)]), 1)
        with self.assertRaises(ValidationError):
            self.pay(31.0, payment_uuid=payment_uuid)

    def test_a_new_scan_after_a_refusal_is_a_new_trade(self):
        self.server.micropay_answer = "AUTH_CODE_INVALID"
        payment_uuid, result = self.pay(30.0)
        self.assertEqual(result["state"], "error")
        self.assertIn("invalid auth_code", result["message"])
        self.server.micropay_answer = "SUCCESS"
        _same, result = self.pay(30.0, payment_uuid=payment_uuid, auth_code="134567890123456000")
        self.assertEqual(result["state"], "done")
        self.assertEqual(self.Trade.search_count([("payment_uuid", "=", payment_uuid)]), 2)
        self.assertEqual(self.trade(payment_uuid).state, "done")

    def test_a_wrong_signature_is_refused(self):
        server = self.server
        self.provider.wechatpay_api_v2_key = "0" * 32
        self.env.flush_all()
        payment_uuid, result = self.pay(30.0)
        self.assertEqual(result["state"], "error")
        self.assertFalse(server.orders, "the fake WeChat Pay charged nothing")
        # The server checks the signature itself, whatever the client.
        from odoo.addons.payment_wechatpay.models.payment_provider_micropay import (  # noqa: PLC0415
            v2_parse,
            v2_sign,
            v2_xml,
        )

        params = {
            "appid": server.app_id,
            "mch_id": server.mch_id,
            "nonce_str": "abc",
            "sign_type": "HMAC-SHA256",
            "out_trade_no": "X1",
            "total_fee": "1",
            "auth_code": AUTH_CODE,
            "body": "x",
            "spbill_create_ip": "127.0.0.1",
        }
        params["sign"] = v2_sign(params, server.api_v2_key)
        params["total_fee"] = "100"  # tampered after signing
        answer = v2_parse(
            requests.post(server.url + "/pay/micropay", data=v2_xml(params), timeout=10).content
        )
        self.assertEqual(answer["return_code"], "FAIL")
        self.assertNotIn("X1", server.orders)

    def test_an_unanswered_micropay_is_queried_then_reversed(self):
        self.server.micropay_answer = "SYSTEMERROR"
        self.server.confirm_after = None
        payment_uuid, result = self.pay(8.0)
        self.assertEqual(result["state"], "pending")
        trade = self.trade(payment_uuid)
        trade.sudo().deadline = fields.Datetime.now() - timedelta(seconds=1)
        self.env.flush_all()
        self.Trade._cron_paycode_reconcile()
        self.assertEqual(self.trade(payment_uuid).state, "cancelled")
        self.assertEqual(self.server.orders[trade.reference]["state"], "REVOKED")

    def test_a_paid_trade_without_its_order_is_reversed_by_the_cron(self):
        orphan_uuid, _result = self.pay(40.0)
        kept_uuid, _result = self.pay(15.0)
        self.sync_order(kept_uuid, 15.0)
        old = fields.Datetime.now() - timedelta(minutes=11)
        (self.trade(orphan_uuid) | self.trade(kept_uuid)).sudo().deadline = old
        self.env.flush_all()
        self.Trade._cron_paycode_reconcile()
        orphan, kept = self.trade(orphan_uuid), self.trade(kept_uuid)
        self.assertEqual(orphan.state, "cancelled")
        self.assertTrue(self.server.orders[orphan.reference]["reversed_paid"], "money given back")
        self.assertEqual(kept.state, "done")
        self.assertEqual(self.server.orders[kept.reference]["state"], "SUCCESS")

    def sync_order(self, payment_uuid, amount, refunded_line=None):
        """A POS order of ``amount`` paid by the payment code line ``payment_uuid``,
        validated the way the POS sync does it."""
        product = self.env["product.product"].create(
            {
                "name": "Shuttle",
                "list_price": abs(amount),
                "available_in_pos": True,
                "taxes_id": False,
            }
        )
        line = {
            "product_id": product.id,
            "qty": 1 if amount > 0 else -1,
            "price_unit": abs(amount),
            "price_subtotal": amount,
            "price_subtotal_incl": amount,
        }
        if refunded_line:
            line["refunded_orderline_id"] = refunded_line.id
        order = (
            self.env["pos.order"]
            .with_user(self.pos_user)
            .create(
                {
                    "session_id": self.session.id,
                    "company_id": self.session.company_id.id,
                    "lines": [fields.Command.create(line)],
                    "amount_tax": 0.0,
                    "amount_total": amount,
                    "amount_paid": amount,
                    "amount_return": 0.0,
                    "payment_ids": [
                        fields.Command.create(
                            {
                                "payment_method_id": self.code_method.id,
                                "amount": amount,
                                "uuid": payment_uuid,
                            }
                        )
                    ],
                }
            )
        )
        order._process_saved_order(False)
        return order

    def test_the_order_needs_a_done_trade_of_the_same_amount(self):
        with self.assertRaises(UserError):
            self.sync_order(str(uuid.uuid4()), 30.0)  # never sent to WeChat Pay
        payment_uuid, _result = self.pay(30.0)
        with self.assertRaises(UserError):
            self.sync_order(payment_uuid, 300.0)  # another amount than charged
        order = self.sync_order(payment_uuid, 30.0)
        self.assertEqual(order.state, "paid")
        trade = self.trade(payment_uuid)
        self.assertEqual(trade.pos_payment_id, order.payment_ids)
        self.assertEqual(order.payment_ids.transaction_id, trade.provider_reference)

    def test_a_pos_refund_refunds_the_original_trade(self):
        payment_uuid, _result = self.pay(30.0)
        order = self.sync_order(payment_uuid, 30.0)
        refund_uuid = str(uuid.uuid4())
        result = self.desk().paycode_refund(
            self.main_pos_config.id, self.code_method.id, refund_uuid, 10.0, payment_uuid
        )
        self.assertEqual(result["state"], "done")
        original = self.trade(payment_uuid)
        refund = self.trade(refund_uuid)
        self.assertEqual((refund.kind, refund.refunded_trade_id), ("refund", original))
        [server_refund] = self.server.refunds.values()
        self.assertEqual(server_refund["refund_fee"], 1000)
        self.assertEqual(server_refund["out_trade_no"], original.reference)
        # A replay refunds nothing more; more than what is left is refused.
        again = self.desk().paycode_refund(
            self.main_pos_config.id, self.code_method.id, refund_uuid, 10.0, payment_uuid
        )
        self.assertEqual(again["state"], "done")
        self.assertEqual(len(self.server.refunds), 1)
        result = self.desk().paycode_refund(
            self.main_pos_config.id, self.code_method.id, str(uuid.uuid4()), 25.0, payment_uuid
        )
        self.assertEqual(result["state"], "error")
        self.assertEqual(len(self.server.refunds), 1)
        # The refund order is accepted with its done refund trade.
        refund_order = self.sync_order(refund_uuid, -10.0, refunded_line=order.lines)
        self.assertEqual(refund_order.state, "paid")
        self.assertEqual(self.trade(refund_uuid).pos_payment_id, refund_order.payment_ids)

    def test_only_a_pos_user_of_an_open_desk_takes_codes(self):
        stranger = new_test_user(self.env, "paycode_stranger", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Trade.with_user(stranger).paycode_pay(
                self.main_pos_config.id, self.code_method.id, str(uuid.uuid4()), 1.0, AUTH_CODE
            )
        for bad in (
            {"amount": -1.0},
            {"amount": float("nan")},
            {"amount": 1.001},
            {"auth_code": "not a code"},
            {"payment_uuid": "x" * 36},
        ):
            args = {"amount": 1.0, "auth_code": AUTH_CODE, "payment_uuid": str(uuid.uuid4())}
            args.update(bad)
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.desk().paycode_pay(self.main_pos_config.id, self.code_method.id, **args)
        self.provider.state = "disabled"
        with self.assertRaises(UserError):
            self.pay(1.0)
        self.provider.state = "test"
        self.session.action_pos_session_closing_control()
        with self.assertRaises(UserError):
            self.pay(1.0)
        self.assertFalse(self.server.calls)
        self.assertFalse(self.Trade.search([("config_id", "=", self.main_pos_config.id)]))

    def test_a_provider_without_payment_codes_is_refused(self):
        other = self.env["payment.provider"].create({"name": "No codes", "code": "none"})
        self.assertFalse(other.paycode_supported)
        self.assertIn(
            self.provider, self.env["payment.provider"].search([("paycode_supported", "=", True)])
        )
        with self.assertRaises(ValidationError):
            self.env["pos.payment.method"].create(
                {
                    "name": "Not a code method",
                    "payment_method_type": "terminal",
                    "use_payment_terminal": "payment_code",
                    "payment_code_provider_id": other.id,
                    "journal_id": self.bank_journal.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["pos.payment.method"].create(
                {
                    "name": "No provider",
                    "payment_method_type": "terminal",
                    "use_payment_terminal": "payment_code",
                    "journal_id": self.bank_journal.id,
                }
            )
