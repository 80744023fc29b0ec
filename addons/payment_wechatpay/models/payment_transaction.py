import datetime
import logging
import re
import secrets
import time
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import SQL, urls

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment_wechatpay import const
from odoo.addons.payment_wechatpay.models.payment_provider import WeChatPayApiError
from odoo.addons.payment_wechatpay.utils import rsa_sign_message

_logger = logging.getLogger(__name__)

# out_trade_no: 6 to 32 characters among letters, digits, _ - | *
_REFERENCE_FORBIDDEN = re.compile(r"[^A-Za-z0-9_\-|*]")
_MOBILE_AGENT = re.compile(r"Mobile|Android|iPhone|iPad|HarmonyOS", re.IGNORECASE)
_CHINA_TZ = datetime.timezone(datetime.timedelta(hours=8))


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    wechatpay_trade_type = fields.Selection(
        string="WeChat Pay Trade Type",
        selection=[
            ("native", "Native (QR code)"),
            ("h5", "H5 (mobile browser)"),
            ("jsapi", "JSAPI"),
        ],
        readonly=True,
        copy=False,
    )
    wechatpay_code_url = fields.Char(
        string="WeChat Pay QR Content",
        help="The code_url of a Native payment, shown to the customer as a QR code.",
        readonly=True,
        copy=False,
    )
    wechatpay_prepay_id = fields.Char(string="WeChat Pay Prepay ID", readonly=True, copy=False)

    # === REFERENCES === #

    @api.model
    def _compute_reference(self, provider_code, prefix=None, separator="-", **kwargs):
        """Override of `payment` to keep references WeChat Pay accepts as out_trade_no and
        out_refund_no: at most 32 characters among letters, digits, ``_ - | *``."""
        if provider_code != "wechatpay":
            return super()._compute_reference(
                provider_code, prefix=prefix, separator=separator, **kwargs
            )
        if not prefix:
            # sudo: the prefix comes from the documents being paid, which the payer may not read.
            prefix = self.sudo()._compute_reference_prefix(separator, **kwargs) or None
        if prefix:
            prefix = _REFERENCE_FORBIDDEN.sub("-", prefix)[:24]
            if len(prefix) < 6:  # WeChat Pay wants 6 characters at least
                prefix = f"WX-{prefix}".ljust(6, "0")
        return super()._compute_reference(
            provider_code, prefix=prefix, separator=separator, **kwargs
        )

    # === PAYMENT FLOW === #

    def _wechatpay_amount_fen(self, amount):
        """An amount of the transaction's currency in fen (an integer), CNY only."""
        self.ensure_one()
        if self.currency_id.name not in const.SUPPORTED_CURRENCIES:
            raise ValidationError(
                self.env._(
                    "WeChat Pay accepts payments in CNY only, not in %(currency)s.",
                    currency=self.currency_id.name,
                )
            )
        return payment_utils.to_minor_currency_units(amount, self.currency_id)

    def _wechatpay_scene(self):
        """native, h5 or jsapi, from the browser that pays: inside WeChat (MicroMessenger) JSAPI
        when the partner's openid is known, a mobile browser H5, a desktop Native (QR code)."""
        agent = request.httprequest.headers.get("User-Agent", "") if request else ""
        if "MicroMessenger" in agent:
            # sudo: the openid is restricted to administrators; the payer pays as themself.
            return "jsapi" if self.partner_id.sudo().wechatpay_openid else "native"
        if _MOBILE_AGENT.search(agent):
            return "h5"
        return "native"

    def _wechatpay_access_params(self):
        return {
            "reference": self.reference,
            "access_token": payment_utils.generate_access_token(self.reference, env=self.env),
        }

    def _wechatpay_order_payload(self, scene):
        self.ensure_one()
        provider = self.provider_id
        base_url = provider.get_base_url()
        expire = datetime.datetime.now(_CHINA_TZ) + datetime.timedelta(
            minutes=const.ORDER_EXPIRY_MINUTES
        )
        payload = {
            "appid": provider.wechatpay_app_id,
            "mchid": provider.wechatpay_mch_id,
            "description": f"{self.company_id.name} {self.reference}"[:127],
            "out_trade_no": self.reference,
            "time_expire": expire.isoformat(timespec="seconds"),
            "notify_url": urls.urljoin(base_url, const.NOTIFY_ROUTE),
            "amount": {"total": self._wechatpay_amount_fen(self.amount), "currency": "CNY"},
        }
        if scene == "h5":
            client_ip = request.httprequest.remote_addr if request else "127.0.0.1"
            payload["scene_info"] = {"payer_client_ip": client_ip, "h5_info": {"type": "Wap"}}
        elif scene == "jsapi":
            # sudo: see _wechatpay_scene.
            payload["payer"] = {"openid": self.partner_id.sudo().wechatpay_openid}
        return payload

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to place the WeChat Pay order and say where the payer goes:
        our QR code page (Native), WeChat Pay's H5 page, or our JSAPI page inside WeChat."""
        if self.provider_code != "wechatpay":
            return super()._get_specific_rendering_values(processing_values)
        scene = self._wechatpay_scene()
        try:
            answer = self.provider_id._wechatpay_request(
                "POST", f"/v3/pay/transactions/{scene}", self._wechatpay_order_payload(scene)
            )
        except WeChatPayApiError as error:
            if error.code == "ORDERPAID":  # Paid already (a second tab): take the payment in.
                self._wechatpay_query()
                return {"api_url": "/payment/status", "url_params": {}}
            raise
        self.write(
            {
                "wechatpay_trade_type": scene,
                "wechatpay_code_url": answer.get("code_url"),
                "wechatpay_prepay_id": answer.get("prepay_id"),
            }
        )
        base_url = self.provider_id.get_base_url()
        if scene == "h5":
            if not answer.get("h5_url"):
                raise ValidationError(self.env._("WeChat Pay did not return an H5 payment page."))
            parts = urlsplit(answer["h5_url"])
            params = dict(parse_qsl(parts.query))
            return_url = urls.urljoin(base_url, const.RETURN_ROUTE)
            params["redirect_url"] = f"{return_url}?" + "&".join(
                f"{k}={quote(v)}" for k, v in self._wechatpay_access_params().items()
            )
            return {
                "api_url": urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
                "url_params": params,
            }
        if scene == "native" and not answer.get("code_url"):
            raise ValidationError(self.env._("WeChat Pay did not return a QR code."))
        if scene == "jsapi" and not answer.get("prepay_id"):
            raise ValidationError(self.env._("WeChat Pay did not return a prepay_id."))
        route = const.QR_ROUTE if scene == "native" else const.JSAPI_ROUTE
        return {
            "api_url": urls.urljoin(base_url, route),
            "url_params": self._wechatpay_access_params(),
        }

    def _wechatpay_jsapi_params(self):
        """The signed parameters of WeixinJSBridge ``getBrandWCPayRequest``."""
        self.ensure_one()
        provider = self.provider_id
        params = {
            "appId": provider.wechatpay_app_id,
            "timeStamp": str(int(time.time())),
            "nonceStr": secrets.token_hex(16),
            "package": f"prepay_id={self.wechatpay_prepay_id}",
            "signType": "RSA",
        }
        message = "".join(
            f"{params[key]}\n" for key in ("appId", "timeStamp", "nonceStr", "package")
        )
        params["paySign"] = rsa_sign_message(provider._wechatpay_merchant_key(), message)
        return params

    # === REFUNDS === #

    def _send_refund_request(self):
        """Override of `payment` to refund through /v3/refund/domestic/refunds."""
        if self.provider_code != "wechatpay":
            return super()._send_refund_request()
        source = self.source_transaction_id
        base_url = self.provider_id.get_base_url()
        payload = {
            "out_trade_no": source.reference,
            "out_refund_no": self.reference,
            "notify_url": urls.urljoin(base_url, const.NOTIFY_ROUTE),
            "amount": {
                "refund": self._wechatpay_amount_fen(-self.amount),
                "total": source._wechatpay_amount_fen(source.amount),
                "currency": "CNY",
            },
        }
        answer = self.provider_id._wechatpay_request("POST", "/v3/refund/domestic/refunds", payload)
        self._process("wechatpay", answer)

    # === QUERY, CLOSE, RECONCILE === #

    def _wechatpay_query(self):
        """Ask WeChat Pay for the state of this payment (or refund) and apply it."""
        self.ensure_one()
        provider = self.provider_id
        if self.operation == "refund":
            path = f"/v3/refund/domestic/refunds/{quote(self.reference, safe='')}"
        else:
            path = (
                f"/v3/pay/transactions/out-trade-no/{quote(self.reference, safe='')}"
                f"?mchid={quote(provider.wechatpay_mch_id or '', safe='')}"
            )
        answer = provider._wechatpay_request("GET", path)
        self._process("wechatpay", answer)
        return answer

    def _wechatpay_close(self):
        """Close the unpaid WeChat Pay order and cancel the transaction; a paid one is taken in."""
        self.ensure_one()
        provider = self.provider_id
        try:
            provider._wechatpay_request(
                "POST",
                f"/v3/pay/transactions/out-trade-no/{quote(self.reference, safe='')}/close",
                {"mchid": provider.wechatpay_mch_id},
            )
        except WeChatPayApiError as error:
            if error.code == "ORDERPAID":
                return self._wechatpay_query()
            if error.code != "ORDER_NOT_EXIST":
                raise
        self._set_canceled(state_message=self.env._("The WeChat Pay order expired unpaid."))
        return {}

    def _wechatpay_lock(self, wait=False):
        """Lock these transactions' rows (SELECT ... FOR UPDATE) and reload them; return those
        locked: all of them with ``wait``, else those no other transaction holds."""
        if not self:
            return self
        self.flush_recordset()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM payment_transaction WHERE id IN %s FOR UPDATE%s",
                tuple(self.ids),
                SQL("") if wait else SQL(" SKIP LOCKED"),
            )
        )
        locked = self.browse([row[0] for row in rows])
        locked.invalidate_recordset()
        return locked

    @api.model
    def _cron_wechatpay_reconcile(self, limit=200):
        """Query the WeChat Pay transactions that are still open after a few minutes (a lost
        notification) and close the orders that expired unpaid."""
        now = fields.Datetime.now()
        recent = now - datetime.timedelta(minutes=const.RECONCILE_AFTER_MINUTES)
        expired = now - datetime.timedelta(minutes=const.ORDER_EXPIRY_MINUTES)
        txs = self.search(
            [
                ("provider_code", "=", "wechatpay"),
                ("state", "in", ("draft", "pending")),
                ("create_date", "<", recent),
                "|",
                ("operation", "=", "refund"),
                ("wechatpay_trade_type", "!=", False),
            ],
            order="create_date",
            limit=limit,
        )
        for tx in txs:
            try:
                with self.env.cr.savepoint():
                    if not tx._wechatpay_lock():
                        continue  # a notification is processing it now
                    answer = tx._wechatpay_query()
                    if (
                        tx.operation != "refund"
                        and tx.state in ("draft", "pending")
                        and answer.get("trade_state") in const.TRADE_STATE_PENDING
                        and tx.create_date < expired
                    ):
                        tx._wechatpay_close()
            except WeChatPayApiError as error:
                if (
                    error.code in ("ORDER_NOT_EXIST", "RESOURCE_NOT_EXISTS")
                    and tx.create_date < expired
                ):
                    tx._set_canceled(state_message=self.env._("WeChat Pay has no such order."))
                else:
                    _logger.warning(
                        "WeChat Pay reconcile of %s failed: %s", tx.reference, error.code
                    )
            except ValidationError:
                _logger.warning("WeChat Pay reconcile of %s failed", tx.reference, exc_info=True)
        return len(txs)

    # === PROCESSING === #

    @api.model
    def _extract_reference(self, provider_code, payment_data):
        """Override of `payment`: a refund carries its own reference as out_refund_no."""
        if provider_code != "wechatpay":
            return super()._extract_reference(provider_code, payment_data)
        return payment_data.get("out_refund_no") or payment_data.get("out_trade_no")

    def _extract_amount_data(self, payment_data):
        """Override of `payment` to read the amount in fen."""
        if self.provider_code != "wechatpay":
            return super()._extract_amount_data(payment_data)
        amount = payment_data.get("amount") or {}
        fen = amount.get("refund") if self.operation == "refund" else amount.get("total")
        if not isinstance(fen, int):
            return {"amount": None, "currency_code": None}
        return {
            "amount": payment_utils.to_major_currency_units(fen, self.currency_id),
            "currency_code": amount.get("currency") or "CNY",
        }

    def _apply_updates(self, payment_data):
        """Override of `payment` to apply a WeChat Pay trade state or refund status."""
        if self.provider_code != "wechatpay":
            return super()._apply_updates(payment_data)
        if payment_data.get("mchid") not in (None, self.provider_id.wechatpay_mch_id):
            self._set_error(self.env._("The WeChat Pay data belongs to another merchant."))
            return
        if self.operation == "refund":
            self.provider_reference = payment_data.get("refund_id") or self.provider_reference
            status = payment_data.get("refund_status") or payment_data.get("status")
            if status in const.REFUND_STATUS_DONE:
                self._set_done()
                self.env.ref("payment.cron_post_process_payment_tx")._trigger()
            elif status in const.REFUND_STATUS_PENDING:
                self._set_pending()
            elif status in const.REFUND_STATUS_ERROR:
                self._set_error(
                    self.env._("WeChat Pay could not refund (%(status)s).", status=status)
                )
            else:
                self._set_error(self.env._("Unknown WeChat Pay refund status %(s)s.", s=status))
            return
        self.provider_reference = payment_data.get("transaction_id") or self.provider_reference
        state = payment_data.get("trade_state")
        if state in const.TRADE_STATE_DONE or state in const.TRADE_STATE_REFUND:
            self._set_done()
        elif state == "USERPAYING":
            self._set_pending()
        elif state in const.TRADE_STATE_PENDING:
            pass  # not paid yet: the QR code is still waiting for its scan
        elif state in const.TRADE_STATE_CANCEL:
            self._set_canceled(state_message=payment_data.get("trade_state_desc"))
        elif state in const.TRADE_STATE_ERROR:
            self._set_error(payment_data.get("trade_state_desc") or state)
        else:
            _logger.warning("Unknown WeChat Pay trade state %s for %s", state, self.reference)
            self._set_error(self.env._("Unknown WeChat Pay trade state %(s)s.", s=state))
