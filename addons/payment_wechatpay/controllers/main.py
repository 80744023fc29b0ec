import json
import logging
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment_wechatpay import const

_logger = logging.getLogger(__name__)


class WeChatPayController(http.Controller):
    # === NOTIFICATIONS (server to server) === #

    @http.route(
        const.NOTIFY_ROUTE,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def wechatpay_notify(self, **_kwargs):
        """A payment or refund notification: verified with the platform certificate, decrypted
        with the APIv3 key, then applied once (the transaction row is locked, and a transaction
        already done stays done).

        WeChat Pay retries until it gets a 2xx; a forged or unreadable notification gets a
        4xx with ``{"code": "FAIL"}`` and changes nothing.
        """
        body = request.httprequest.get_data(as_text=True)
        headers = request.httprequest.headers
        try:
            envelope = json.loads(body)
        except ValueError:
            return self._fail(400, "The body is not JSON")
        if not isinstance(envelope, dict) or not isinstance(envelope.get("resource"), dict):
            return self._fail(400, "No resource in the notification")

        serial = (headers.get("Wechatpay-Serial") or "").upper()
        # sudo: WeChat Pay calls as the public user; the providers are looked up by the serial
        # of the platform certificate that signs, and trusted only once the signature verifies.
        providers = (
            request.env["payment.provider"]
            .sudo()
            .search([("code", "=", "wechatpay"), ("state", "!=", "disabled")])
            .filtered(lambda p: (p.wechatpay_platform_serial or "").upper() == serial)
        )
        provider = next((p for p in providers if self._verified(p, headers, body)), None)
        if not provider:
            _logger.warning("WeChat Pay notification refused: the signature does not verify")
            return self._fail(401, "Signature verification failed")

        resource = provider._wechatpay_decrypt(envelope["resource"])
        if resource is None:
            _logger.warning("WeChat Pay notification refused: the resource does not decrypt")
            return self._fail(400, "The resource does not decrypt")
        if resource.get("mchid") != provider.wechatpay_mch_id:
            return self._fail(400, "The notification is for another merchant")

        tx = (
            request.env["payment.transaction"]
            .sudo()
            ._search_by_reference("wechatpay", resource)
            .filtered(lambda t: t.provider_id == provider)
        )
        if not tx:
            # Acknowledge: retrying will not make the transaction appear.
            _logger.warning("WeChat Pay notification for an unknown transaction")
            return request.make_response("", status=204)
        tx = tx[:1]
        # Lock the row: two deliveries of the same notification apply once, one after the other.
        tx._wechatpay_lock(wait=True)
        tx._process("wechatpay", resource)
        return request.make_response("", status=204)

    @staticmethod
    def _verified(provider, headers, body):
        try:
            return provider._wechatpay_verify(headers, body)
        except ValidationError:
            return False

    @staticmethod
    def _fail(status, message):
        return request.make_json_response({"code": "FAIL", "message": message}, status=status)

    # === PAYER PAGES === #

    def _get_tx(self, reference, access_token):
        """The WeChat Pay transaction the access token opens, as sudo, or 404."""
        if not (
            isinstance(reference, str)
            and isinstance(access_token, str)
            and payment_utils.check_access_token(access_token, reference)
        ):
            raise NotFound()
        # sudo: the payer may be the public user; the access token proves the link is theirs.
        tx = (
            request.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", reference), ("provider_code", "=", "wechatpay")], limit=1)
        )
        if not tx:
            raise NotFound()
        return tx

    @http.route(
        const.QR_ROUTE, type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def wechatpay_qr(self, reference=None, access_token=None, **_kwargs):
        """The Native payment page: the QR code to scan with WeChat, polling until paid."""
        tx = self._get_tx(reference, access_token)
        if tx.state not in ("draft", "pending") or not tx.wechatpay_code_url:
            return request.redirect("/payment/status")
        return request.render(
            "payment_wechatpay.qr_page",
            {
                "tx": tx,
                "access_token": access_token,
                "qr_src": "/report/barcode?"
                + urlencode(
                    {
                        "barcode_type": "QR",
                        "value": tx.wechatpay_code_url,
                        "width": 260,
                        "height": 260,
                    }
                ),
                "return_url": f"{const.RETURN_ROUTE}?"
                + urlencode({"reference": tx.reference, "access_token": access_token}),
                "in_wechat": "MicroMessenger" in request.httprequest.headers.get("User-Agent", ""),
            },
        )

    @http.route(
        const.JSAPI_ROUTE, type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def wechatpay_jsapi(self, reference=None, access_token=None, **_kwargs):
        """The JSAPI page inside WeChat: WeixinJSBridge opens WeChat's own payment sheet."""
        tx = self._get_tx(reference, access_token)
        if tx.state not in ("draft", "pending") or not tx.wechatpay_prepay_id:
            return request.redirect("/payment/status")
        return request.render(
            "payment_wechatpay.jsapi_page",
            {
                "tx": tx,
                "access_token": access_token,
                "jsapi_params": json.dumps(tx._wechatpay_jsapi_params()),
                "return_url": f"{const.RETURN_ROUTE}?"
                + urlencode({"reference": tx.reference, "access_token": access_token}),
            },
        )

    @http.route(
        const.RETURN_ROUTE, type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def wechatpay_return(self, reference=None, access_token=None, **_kwargs):
        """The payer is back (H5 redirect_url, JSAPI callback, "I have paid"): query WeChat Pay
        now rather than wait for the notification, then show the payment status."""
        tx = self._get_tx(reference, access_token)
        if tx.state in ("draft", "pending"):
            try:
                tx._wechatpay_query()
            except ValidationError as error:
                # The notification or the reconcile cron will bring the state in later.
                _logger.info("WeChat Pay query on return of %s failed: %s", tx.reference, error)
        return request.redirect("/payment/status")

    @http.route(const.POLL_ROUTE, type="jsonrpc", auth="public")
    def wechatpay_poll(self, reference=None, access_token=None, **_kwargs):
        """The state of the transaction, for the QR code page to follow."""
        tx = self._get_tx(reference, access_token)
        return {"state": tx.state, "open": tx.state in ("draft", "pending")}
