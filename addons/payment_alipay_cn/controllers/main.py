import logging

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .. import const
from ..models.payment_transaction import NOTIFY_URL, RETURN_URL

_logger = logging.getLogger(__name__)


class AlipayCnController(http.Controller):
    @http.route(
        NOTIFY_URL, type="http", auth="public", methods=["POST"], csrf=False, save_session=False
    )
    def alipay_cn_notify(self, **data):
        """Alipay's asynchronous notification: "success" once applied, else "failure".

        Alipay repeats a notification until it reads "success"; a repeat changes nothing.
        """
        ok = False
        tx_sudo = self._alipay_cn_transaction(data)
        if tx_sudo:
            try:
                ok = tx_sudo._alipay_cn_handle_notification(data)
            except (UserError, ValidationError) as error:
                _logger.warning(
                    "Alipay notification for %s not applied: %s", tx_sudo.reference, error
                )
        return request.make_response(
            "success" if ok else "failure", headers=[("Content-Type", "text/plain")]
        )

    @http.route(RETURN_URL, type="http", auth="public", methods=["GET"], save_session=False)
    def alipay_cn_return(self, **data):
        """The browser back from Alipay's cashier: check the signed parameters, then ask Alipay
        for the trade's state (the return parameters do not carry it)."""
        tx_sudo = self._alipay_cn_transaction(data)
        if tx_sudo:
            try:
                gateway = tx_sudo.provider_id._alipay_cn_gateway()
                if gateway.verify_notification(data) and tx_sudo._alipay_cn_check_origin(data):
                    tx_sudo._alipay_cn_query()
                else:
                    _logger.warning("Alipay return for %s: bad signature", tx_sudo.reference)
            except (UserError, ValidationError) as error:
                _logger.warning("Alipay return for %s not applied: %s", tx_sudo.reference, error)
        return request.redirect("/payment/status")

    @staticmethod
    def _alipay_cn_transaction(data):
        reference = data.get("out_trade_no")
        if not reference or not isinstance(reference, str):
            return None
        # sudo: Alipay and the returning browser carry no session; the transaction is found by
        # its reference and nothing is applied before Alipay's signature is verified.
        tx_sudo = request.env["payment.transaction"].sudo()._search_by_reference(const.CODE, data)
        return tx_sudo if len(tx_sudo) == 1 else None
