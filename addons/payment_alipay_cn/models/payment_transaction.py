import logging
from datetime import timedelta

from odoo import api, fields, models, modules
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import SQL, urls

from .. import const
from ..tools.client import AlipayUnknownResult

_logger = logging.getLogger(__name__)

RETURN_URL = "/payment/alipay_cn/return"
NOTIFY_URL = "/payment/alipay_cn/notify"


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    # === ONLINE PAYMENT: the redirection to Alipay's cashier === #

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment`: the signed form that opens Alipay's cashier.

        Page pay (alipay.trade.page.pay) on a computer, WAP pay (alipay.trade.wap.pay) in a
        phone's browser.
        """
        if self.provider_code != const.CODE:
            return super()._get_specific_rendering_values(processing_values)
        if self.currency_id.name not in const.SUPPORTED_CURRENCIES:
            raise ValidationError(
                self.env._(
                    "Alipay accepts only Chinese yuan (CNY), not %(currency)s.",
                    currency=self.currency_id.name,
                )
            )
        provider = self.provider_id
        gateway = provider._alipay_cn_gateway()
        method, product_code = const.WAP_PAY if self._alipay_cn_is_mobile() else const.PAGE_PAY
        base_url = provider.get_base_url()
        biz_content = {
            "out_trade_no": self.reference,
            "total_amount": provider._alipay_cn_amount(self.amount, self.currency_id),
            "subject": f"{self.company_id.name} {self.reference}"[:256],
            "product_code": product_code,
            "timeout_express": const.TIMEOUT_EXPRESS,
        }
        if method == const.WAP_PAY[0]:
            biz_content["quit_url"] = urls.urljoin(base_url, "/payment/status")
        params = gateway.signed_params(
            method,
            biz_content,
            return_url=urls.urljoin(base_url, RETURN_URL),
            notify_url=urls.urljoin(base_url, NOTIFY_URL),
        )
        return {"api_url": gateway.gateway_url, "params": params}

    @api.model
    def _alipay_cn_is_mobile(self):
        agent = request.httprequest.headers.get("User-Agent", "") if request else ""
        return any(word in agent for word in const.MOBILE_USER_AGENT_WORDS)

    # === PROCESSING: notifications, return page, queries === #

    @api.model
    def _extract_reference(self, provider_code, payment_data):
        """Override of `payment`: Alipay's out_trade_no is our reference."""
        if provider_code != const.CODE:
            return super()._extract_reference(provider_code, payment_data)
        return payment_data.get("out_trade_no")

    def _extract_amount_data(self, payment_data):
        """Override of `payment`: Alipay's total_amount, always in CNY."""
        if self.provider_code != const.CODE:
            return super()._extract_amount_data(payment_data)
        try:
            amount = float(payment_data.get("total_amount"))
        except (TypeError, ValueError):
            amount = None
        return {"amount": amount, "currency_code": "CNY", "precision_digits": 2}

    def _apply_updates(self, payment_data):
        """Override of `payment`: the trade's state onto the transaction."""
        if self.provider_code != const.CODE:
            return super()._apply_updates(payment_data)
        if payment_data.get("trade_no"):
            self.provider_reference = payment_data["trade_no"]
        status = payment_data.get("trade_status")
        if status in const.PAID_STATUSES:
            self._set_done()
        elif status in const.WAITING_STATUSES:
            self._set_pending()
        elif status in const.CLOSED_STATUSES:
            # A paid trade closes when it is refunded in full: the payment stays done.
            if self.state in ("draft", "pending"):
                self._set_canceled(state_message=self.env._("The Alipay trade was closed."))
        else:
            _logger.warning("Alipay trade %s: unknown trade_status %r", self.reference, status)

    def _alipay_cn_lock(self):
        """Lock the transactions' rows so two notifications for one trade run one by one."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM payment_transaction WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                self.ids,
            )
        )
        self.invalidate_recordset()

    def _alipay_cn_check_origin(self, payment_data):
        """Whether ``payment_data`` is about this provider's app and seller."""
        self.ensure_one()
        provider = self.provider_id
        if payment_data.get("app_id") != provider.alipay_cn_app_id:
            _logger.warning("Alipay data for %s names another app id", self.reference)
            return False
        seller = payment_data.get("seller_id")
        if provider.alipay_cn_seller_id and seller and seller != provider.alipay_cn_seller_id:
            _logger.warning("Alipay data for %s names another seller", self.reference)
            return False
        return True

    def _alipay_cn_handle_notification(self, payment_data):
        """Verify and apply a notification (or return parameters) from Alipay.

        :return: whether it was genuine and applied.
        """
        self.ensure_one()
        gateway = self.provider_id._alipay_cn_gateway()
        if not gateway.verify_notification(payment_data):
            _logger.warning("Refused Alipay data for %s: bad signature", self.reference)
            return False
        if not self._alipay_cn_check_origin(payment_data):
            return False
        self._alipay_cn_lock()
        self._process(const.CODE, payment_data)
        return True

    def _alipay_cn_query(self):
        """Ask Alipay for the trade of each transaction and apply its state.

        :return: the verified query answers, by transaction.
        """
        answers = {}
        for tx in self:
            try:
                node = tx.provider_id._alipay_cn_call(
                    "alipay.trade.query", {"out_trade_no": tx.reference}
                )
            except AlipayUnknownResult as error:
                _logger.warning("Alipay query of %s failed: %s", tx.reference, error)
                continue
            answers[tx] = node
            if str(node.get("code")) == const.CODE_SUCCESS:
                tx._alipay_cn_lock()
                tx._process(const.CODE, node)
        return answers

    @api.model
    def _cron_alipay_cn_reconcile(self):
        """Query the open Alipay payments; close the trades that expired unpaid."""
        now = fields.Datetime.now()
        txs = self.search(
            [
                ("provider_code", "=", const.CODE),
                ("operation", "!=", "refund"),
                ("state", "in", ("draft", "pending")),
                ("create_date", "<=", now - timedelta(minutes=const.RECONCILE_AFTER_MINUTES)),
            ],
            limit=200,
        )
        expiry = now - timedelta(minutes=const.EXPIRE_AFTER_MINUTES)
        for tx in txs:
            if tx.provider_id.state == "disabled":
                continue
            node = tx._alipay_cn_query().get(tx)
            if node is None or tx.state not in ("draft", "pending") or tx.create_date > expiry:
                continue
            # Expired unpaid: close the cashier's trade, so a late payment cannot land.
            try:
                closed = tx.provider_id._alipay_cn_call(
                    "alipay.trade.close", {"out_trade_no": tx.reference}
                )
            except AlipayUnknownResult as error:
                _logger.warning("Alipay close of %s failed: %s", tx.reference, error)
                continue
            if str(closed.get("code")) == const.CODE_SUCCESS or closed.get("sub_code") in (
                "ACQ.TRADE_NOT_EXIST",
                "ACQ.TRADE_HAS_CLOSE",
            ):
                tx._set_canceled(state_message=self.env._("The Alipay payment expired unpaid."))
            elif str(closed.get("sub_code")) == "ACQ.TRADE_STATUS_ERROR":
                tx._alipay_cn_query()  # Paid at the last second: the query applies it.
            if not modules.module.current_test:
                # One trade at a time: a later failure keeps what Alipay already closed.
                self.env["ir.cron"]._commit_progress(1)
        # Refunds whose answer was lost: the same out_request_no again refunds once.
        refunds = self.search(
            [
                ("provider_code", "=", const.CODE),
                ("operation", "=", "refund"),
                ("state", "=", "pending"),
            ],
            limit=200,
        )
        for refund in refunds.filtered(lambda r: r.provider_id.state != "disabled"):
            refund._send_refund_request()

    # === REFUNDS === #

    def _send_refund_request(self):
        """Override of `payment`: alipay.trade.refund, out_request_no = this reference."""
        if self.provider_code != const.CODE:
            return super()._send_refund_request()
        source = self.source_transaction_id
        result = self.provider_id._alipay_cn_paycode_refund(
            reference=source.reference,
            refund_reference=self.reference,
            amount=-self.amount,
            currency=self.currency_id,
        )
        if result["provider_reference"]:
            self.provider_reference = result["provider_reference"]
        if result["state"] == "done":
            self._set_done()
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
        elif result["state"] == "pending":
            self._set_pending(state_message=result["message"])
        else:
            self._set_error(result["message"])
