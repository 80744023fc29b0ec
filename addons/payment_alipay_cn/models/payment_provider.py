import logging
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr, float_round

from .. import const
from ..tools.client import (
    AlipayGateway,
    AlipayKeyError,
    AlipayUnknownResult,
    load_private_key,
    load_public_key,
)

_logger = logging.getLogger(__name__)

# Alipay's payment codes are 16 to 24 digits.
PAYCODE_RE = re.compile(r"\d{16,24}")
# out_trade_no / out_request_no: up to 64 letters, digits, underscores and dashes.
REFERENCE_RE = re.compile(r"[A-Za-z0-9_\-./]{1,64}")


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[(const.CODE, "Alipay (China)")],
        ondelete={const.CODE: "set default"},
    )
    alipay_cn_app_id = fields.Char(
        string="Alipay App ID",
        help="The APPID of the app in the Alipay Open Platform (open.alipay.com).",
        required_if_provider=const.CODE,
        copy=False,
    )
    alipay_cn_seller_id = fields.Char(
        string="Alipay Merchant PID",
        help="The merchant's partner id (2088...). When set, a notification for another "
        "seller is refused.",
        copy=False,
    )
    alipay_cn_private_key = fields.Text(
        string="App Private Key",
        help="The app's RSA2 private key, as Alipay's key tool generates it (PEM or base64).",
        required_if_provider=const.CODE,
        copy=False,
        groups="base.group_system",
    )
    alipay_cn_public_key = fields.Text(
        string="Alipay Public Key",
        help="Alipay's RSA2 public key, shown in the app's signing settings after the app "
        "public key is uploaded (not the app's own public key).",
        required_if_provider=const.CODE,
        copy=False,
        groups="base.group_system",
    )
    alipay_cn_gateway = fields.Char(
        string="Alipay Gateway",
        help="The open API gateway. Production: https://openapi.alipay.com/gateway.do; "
        "sandbox: https://openapi-sandbox.dl.alipaydev.com/gateway.do.",
        default=const.DEFAULT_GATEWAY,
        copy=False,
    )

    # === CONSTRAINTS === #

    @api.constrains("alipay_cn_private_key", "alipay_cn_public_key", "alipay_cn_gateway")
    def _check_alipay_cn_settings(self):
        # sudo: the keys are readable by system users only; the check only loads them.
        for provider in self.sudo().filtered(lambda p: p.code == const.CODE):
            if provider.alipay_cn_private_key:
                try:
                    load_private_key(provider.alipay_cn_private_key)
                except AlipayKeyError as error:
                    raise ValidationError(
                        self.env._(
                            "The app private key is not an RSA private key in PEM or base64 "
                            "(paste the key Alipay's key tool generated)."
                        )
                    ) from error
            if provider.alipay_cn_public_key:
                try:
                    load_public_key(provider.alipay_cn_public_key)
                except AlipayKeyError as error:
                    raise ValidationError(
                        self.env._(
                            "The Alipay public key is not an RSA public key in PEM or base64 "
                            "(copy it from the app's signing settings on open.alipay.com)."
                        )
                    ) from error
            gateway = provider.alipay_cn_gateway or ""
            if not gateway.startswith(("https://", "http://127.0.0.1", "http://localhost")):
                raise ValidationError(
                    self.env._(
                        "The Alipay gateway must be an https URL, such as %(url)s.",
                        url=const.DEFAULT_GATEWAY,
                    )
                )

    # === COMPUTE / CRUD OVERRIDES === #

    def _get_supported_currencies(self):
        """Override of `payment`: Alipay settles in CNY only."""
        supported = super()._get_supported_currencies()
        if self.code == const.CODE:
            supported = supported.filtered(lambda c: c.name in const.SUPPORTED_CURRENCIES)
        return supported

    def _compute_feature_support_fields(self):
        """Override of `payment`: refunds, partial ones included."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == const.CODE).support_refund = "partial"
        return res

    def _get_default_payment_method_codes(self):
        """Override of `payment`: the Alipay payment method."""
        self.ensure_one()
        if self.code != const.CODE:
            return super()._get_default_payment_method_codes()
        return const.DEFAULT_PAYMENT_METHOD_CODES

    # === GATEWAY === #

    def _alipay_cn_gateway(self):
        """The signing gateway client of this provider.

        :raise UserError: when the provider is disabled or lacks its keys.
        """
        self.ensure_one()
        if self.code != const.CODE:
            raise UserError(self.env._("%(name)s is not an Alipay provider.", name=self.name))
        if self.state == "disabled":
            raise UserError(self.env._("The Alipay provider %(name)s is disabled.", name=self.name))
        # sudo: cashiers and portal users pay through this provider without reading its keys;
        # the keys only sign here and never leave the server.
        provider = self.sudo()
        if not (
            provider.alipay_cn_app_id
            and provider.alipay_cn_private_key
            and provider.alipay_cn_public_key
        ):
            raise UserError(
                self.env._(
                    "Configure the Alipay provider %(name)s first: App ID, app private key and "
                    "Alipay public key.",
                    name=self.name,
                )
            )
        try:
            return AlipayGateway(
                app_id=provider.alipay_cn_app_id,
                private_key=provider.alipay_cn_private_key,
                alipay_public_key=provider.alipay_cn_public_key,
                gateway_url=provider.alipay_cn_gateway or const.DEFAULT_GATEWAY,
            )
        except AlipayKeyError as error:
            raise UserError(
                self.env._("The keys of the Alipay provider %(name)s are invalid.", name=self.name)
            ) from error

    def _alipay_cn_amount(self, amount, currency):
        """``amount`` as Alipay's ``total_amount`` string ("12.30"), in CNY only.

        :param currency: a ``res.currency`` record or an ISO code.
        :raise UserError: for another currency or an amount that is not positive.
        """
        code = currency if isinstance(currency, str) else currency.name
        if code not in const.SUPPORTED_CURRENCIES:
            raise UserError(
                self.env._(
                    "Alipay accepts only Chinese yuan (CNY), not %(currency)s.", currency=code
                )
            )
        try:
            value = float_round(float(amount), precision_digits=2)
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("The amount %(amount)r is not a number.", amount=amount)
            ) from error
        if value <= 0 or value > 100_000_000:
            raise UserError(
                self.env._(
                    "The amount must be between 0.01 and 100000000 yuan, not %(amount)s.",
                    amount=value,
                )
            )
        return float_repr(value, 2)

    def _alipay_cn_reference(self, reference, what):
        if not isinstance(reference, str) or not REFERENCE_RE.fullmatch(reference):
            raise UserError(
                self.env._(
                    "The %(what)s %(reference)r is not a valid Alipay reference (1 to 64 "
                    "letters, digits, '-', '_', '.' or '/').",
                    what=what,
                    reference=reference,
                )
            )
        return reference

    def _alipay_cn_call(self, method, biz_content):
        """Call ``method`` on the gateway; the verified response node (a dict).

        :raise AlipayUnknownResult: when no verified answer came back.
        """
        return self._alipay_cn_gateway().call(method, biz_content)

    @staticmethod
    def _alipay_cn_result(state, provider_reference=None, message=None):
        return {
            "state": state,
            "provider_reference": provider_reference or None,
            "message": str(message) if message else None,
        }

    def _alipay_cn_refusal_message(self, node):
        sub_code = node.get("sub_code") or ""
        known = const.PAYCODE_REFUSALS.get(sub_code) or const.REFUND_REFUSALS.get(sub_code)
        if known:
            return str(known)
        return self.env._(
            "Alipay refused: %(message)s (%(code)s).",
            message=node.get("sub_msg") or node.get("msg") or "",
            code=sub_code or node.get("code"),
        )

    def _alipay_cn_is_unknown(self, node):
        """Whether ``node`` leaves the outcome unknown (Alipay's side failed)."""
        return (
            str(node.get("code")) == const.CODE_UNAVAILABLE
            or node.get("sub_code") in const.UNKNOWN_SUB_CODES
        )

    # === DESK PAYMENT CODE, called by the point of sale === #

    def _alipay_cn_paycode_pay(self, *, reference, amount, currency, auth_code, subject):
        """Charge the payment code the cashier scanned (alipay.trade.pay, scene bar_code).

        ``reference`` is the idempotency key: Alipay keeps one trade per ``out_trade_no``,
        so sending the same payment again never charges twice.

        :return: ``{"state", "provider_reference", "message"}``; "pending" when the customer
                 confirms on the phone or the outcome is unknown (query, then cancel).
        """
        self.ensure_one()
        total_amount = self._alipay_cn_amount(amount, currency)
        reference = self._alipay_cn_reference(reference, self.env._("payment reference"))
        auth_code = (auth_code or "").strip() if isinstance(auth_code, str) else ""
        if not PAYCODE_RE.fullmatch(auth_code):
            return self._alipay_cn_result(
                "error",
                message=self.env._(
                    "This is not an Alipay payment code: scan the barcode in the customer's "
                    "Alipay app (Pay/Receive)."
                ),
            )
        biz_content = {
            "out_trade_no": reference,
            "scene": "bar_code",
            "auth_code": auth_code,
            "subject": (subject or reference)[:256],
            "total_amount": total_amount,
        }
        try:
            node = self._alipay_cn_call("alipay.trade.pay", biz_content)
        except AlipayUnknownResult as error:
            _logger.warning("Alipay trade.pay %s: outcome unknown (%s)", reference, error)
            return self._alipay_cn_result(
                "pending", message=self.env._("No answer from Alipay yet: checking the payment.")
            )
        code = str(node.get("code"))
        if code == const.CODE_SUCCESS:
            if node.get("total_amount") and node["total_amount"] != total_amount:
                return self._alipay_cn_amount_mismatch(reference)
            return self._alipay_cn_result("done", node.get("trade_no"))
        if code == const.CODE_WAIT_BUYER:
            return self._alipay_cn_result(
                "pending",
                node.get("trade_no"),
                self.env._("Waiting for the customer to confirm the payment on the phone."),
            )
        if self._alipay_cn_is_unknown(node):
            return self._alipay_cn_result(
                "pending", message=self.env._("Alipay is busy: checking the payment.")
            )
        if node.get("sub_code") == "ACQ.TRADE_HAS_SUCCESS":
            # The same payment sent again: Alipay keeps the first; tell its outcome, if it
            # is the same amount.
            try:
                node = self._alipay_cn_call("alipay.trade.query", {"out_trade_no": reference})
            except AlipayUnknownResult:
                return self._alipay_cn_result(
                    "pending", message=self.env._("No answer from Alipay yet.")
                )
            if node.get("total_amount") and node["total_amount"] != total_amount:
                return self._alipay_cn_amount_mismatch(reference)
            return self._alipay_cn_query_result(node)
        return self._alipay_cn_result("error", message=self._alipay_cn_refusal_message(node))

    def _alipay_cn_amount_mismatch(self, reference):
        _logger.error("Alipay trade %s was paid with another amount", reference)
        return self._alipay_cn_result(
            "error",
            message=self.env._(
                "The payment %(reference)s was already made with another amount in Alipay: "
                "refund it and start a new payment.",
                reference=reference,
            ),
        )

    def _alipay_cn_paycode_query(self, reference):
        """The state of the trade ``reference`` (alipay.trade.query)."""
        self.ensure_one()
        reference = self._alipay_cn_reference(reference, self.env._("payment reference"))
        try:
            node = self._alipay_cn_call("alipay.trade.query", {"out_trade_no": reference})
        except AlipayUnknownResult as error:
            _logger.warning("Alipay trade.query %s: no verified answer (%s)", reference, error)
            return self._alipay_cn_result(
                "pending", message=self.env._("No answer from Alipay yet.")
            )
        return self._alipay_cn_query_result(node)

    def _alipay_cn_query_result(self, node):
        if str(node.get("code")) != const.CODE_SUCCESS:
            if node.get("sub_code") == "ACQ.TRADE_NOT_EXIST" or self._alipay_cn_is_unknown(node):
                return self._alipay_cn_result(
                    "pending", message=self.env._("Alipay has not registered the payment yet.")
                )
            return self._alipay_cn_result("error", message=self._alipay_cn_refusal_message(node))
        status = node.get("trade_status")
        trade_no = node.get("trade_no")
        if status in const.PAID_STATUSES:
            return self._alipay_cn_result("done", trade_no)
        if status in const.CLOSED_STATUSES:
            return self._alipay_cn_result(
                "cancelled", trade_no, self.env._("The Alipay trade is closed.")
            )
        return self._alipay_cn_result(
            "pending",
            trade_no,
            self.env._("Waiting for the customer to confirm the payment on the phone."),
        )

    def _alipay_cn_paycode_cancel(self, reference):
        """Cancel the trade ``reference`` (alipay.trade.cancel): closes it if unpaid, refunds
        it in full if it was paid meanwhile. "pending" means: call again."""
        self.ensure_one()
        reference = self._alipay_cn_reference(reference, self.env._("payment reference"))
        try:
            node = self._alipay_cn_call("alipay.trade.cancel", {"out_trade_no": reference})
        except AlipayUnknownResult as error:
            _logger.warning("Alipay trade.cancel %s: no verified answer (%s)", reference, error)
            return self._alipay_cn_result(
                "pending", message=self.env._("No answer from Alipay: cancel again.")
            )
        code = str(node.get("code"))
        if code == const.CODE_SUCCESS:
            if node.get("retry_flag") == "Y":
                return self._alipay_cn_result(
                    "pending", node.get("trade_no"), self.env._("Alipay asks to cancel again.")
                )
            message = (
                self.env._("The payment was refunded to the customer.")
                if node.get("action") == "refund"
                else self.env._("The payment was cancelled; the customer was not charged.")
            )
            return self._alipay_cn_result("cancelled", node.get("trade_no"), message)
        if node.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return self._alipay_cn_result(
                "cancelled", message=self.env._("Alipay never registered this payment.")
            )
        if self._alipay_cn_is_unknown(node) or node.get("retry_flag") == "Y":
            return self._alipay_cn_result(
                "pending", message=self.env._("Alipay is busy: cancel again.")
            )
        return self._alipay_cn_result("error", message=self._alipay_cn_refusal_message(node))

    def _alipay_cn_paycode_refund(self, *, reference, refund_reference, amount, currency):
        """Refund ``amount`` of the trade ``reference`` (alipay.trade.refund).

        ``refund_reference`` is Alipay's ``out_request_no``: the same refund sent again is
        refunded once.
        """
        self.ensure_one()
        refund_amount = self._alipay_cn_amount(amount, currency)
        reference = self._alipay_cn_reference(reference, self.env._("payment reference"))
        refund_reference = self._alipay_cn_reference(
            refund_reference, self.env._("refund reference")
        )
        biz_content = {
            "out_trade_no": reference,
            "refund_amount": refund_amount,
            "out_request_no": refund_reference,
        }
        try:
            node = self._alipay_cn_call("alipay.trade.refund", biz_content)
        except AlipayUnknownResult as error:
            _logger.warning(
                "Alipay trade.refund %s: no verified answer (%s)", refund_reference, error
            )
            return self._alipay_cn_result(
                "pending", message=self.env._("No answer from Alipay: send the refund again.")
            )
        if str(node.get("code")) == const.CODE_SUCCESS:
            return self._alipay_cn_result("done", node.get("trade_no"))
        if self._alipay_cn_is_unknown(node):
            return self._alipay_cn_result(
                "pending", message=self.env._("Alipay is busy: send the refund again.")
            )
        return self._alipay_cn_result("error", message=self._alipay_cn_refusal_message(node))
