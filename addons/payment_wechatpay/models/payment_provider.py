import json
import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.payment_wechatpay import const, utils

_logger = logging.getLogger(__name__)


class WeChatPayApiError(ValidationError):
    """WeChat Pay answered a request with an error: its HTTP status and error code."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("wechatpay", "WeChat Pay")],
        ondelete={"wechatpay": "set default"},
    )
    wechatpay_mch_id = fields.Char(
        string="WeChat Pay Merchant ID",
        help="The merchant number of the WeChat Pay merchant account.",
        required_if_provider="wechatpay",
        copy=False,
    )
    wechatpay_app_id = fields.Char(
        string="WeChat Pay App ID",
        help="The AppID bound to the merchant account: the Official Account AppID "
        "for JSAPI payments inside WeChat.",
        required_if_provider="wechatpay",
        copy=False,
    )
    wechatpay_api_v3_key = fields.Char(
        string="WeChat Pay APIv3 Key",
        help="The 32-character APIv3 key, used to decrypt notifications (AES-256-GCM).",
        required_if_provider="wechatpay",
        copy=False,
        groups="base.group_system",
    )
    wechatpay_api_v2_key = fields.Char(
        string="WeChat Pay APIv2 Key",
        help="The APIv2 key, used by the payment code payments at the desk.",
        copy=False,
        groups="base.group_system",
    )
    wechatpay_private_key = fields.Text(
        string="WeChat Pay Merchant Private Key",
        help="The private key (PEM) of the merchant API certificate (apiclient_key.pem).",
        required_if_provider="wechatpay",
        copy=False,
        groups="base.group_system",
    )
    wechatpay_cert_serial_no = fields.Char(
        string="WeChat Pay Merchant Certificate Serial",
        help="The serial number of the merchant API certificate.",
        required_if_provider="wechatpay",
        copy=False,
    )
    wechatpay_platform_cert = fields.Text(
        string="WeChat Pay Platform Certificate",
        help="The WeChat Pay platform certificate or platform public key (PEM), used to verify "
        "the signatures of responses and notifications.",
        required_if_provider="wechatpay",
        copy=False,
        groups="base.group_system",
    )
    wechatpay_platform_serial = fields.Char(
        string="WeChat Pay Platform Serial",
        help="The serial number of the platform certificate, or the platform public key ID "
        "(PUB_KEY_ID_...), that WeChat Pay sends in the Wechatpay-Serial header.",
        required_if_provider="wechatpay",
        copy=False,
    )
    wechatpay_api_url = fields.Char(
        string="WeChat Pay API URL",
        default=const.DEFAULT_API_URL,
        required_if_provider="wechatpay",
        copy=False,
    )

    # === COMPUTE METHODS === #

    def _compute_feature_support_fields(self):
        """Override of `payment` to enable the refunds WeChat Pay supports."""
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "wechatpay").update({"support_refund": "partial"})

    # === CRUD METHODS === #

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return the default payment method codes."""
        self.ensure_one()
        if self.code != "wechatpay":
            return super()._get_default_payment_method_codes()
        return const.DEFAULT_PAYMENT_METHOD_CODES

    def _get_supported_currencies(self):
        """Override of `payment` to return CNY only for WeChat Pay."""
        supported_currencies = super()._get_supported_currencies()
        if self.code == "wechatpay":
            supported_currencies = supported_currencies.filtered(
                lambda c: c.name in const.SUPPORTED_CURRENCIES
            )
        return supported_currencies

    # === CONSTRAINT METHODS === #

    @api.constrains("code", "state", "available_currency_ids")
    def _check_wechatpay_currency(self):
        for provider in self.filtered(lambda p: p.code == "wechatpay" and p.state != "disabled"):
            others = provider.available_currency_ids.filtered(
                lambda c: c.name not in const.SUPPORTED_CURRENCIES
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "WeChat Pay accepts payments in CNY only; remove %(currencies)s from "
                        "the currencies of %(provider)s.",
                        currencies=", ".join(others.mapped("name")),
                        provider=provider.name,
                    )
                )

    # === BUSINESS METHODS === #

    def _wechatpay_merchant_key(self):
        self.ensure_one()
        try:
            # sudo: the key is readable by administrators only; the payment flows of any
            # customer need it to sign their requests.
            return utils.load_merchant_key(self.sudo().wechatpay_private_key)
        except ValueError as error:
            raise ValidationError(
                self.env._(
                    "The merchant private key of %(provider)s is not a valid PEM private key: "
                    "paste the content of apiclient_key.pem.",
                    provider=self.name,
                )
            ) from error

    def _wechatpay_platform_key(self):
        self.ensure_one()
        try:
            # sudo: the platform certificate field is restricted to administrators; checking
            # WeChat Pay's signatures happens in any customer's flow.
            return utils.load_platform_public_key(self.sudo().wechatpay_platform_cert)
        except ValueError as error:
            raise ValidationError(
                self.env._(
                    "The platform certificate of %(provider)s is neither a PEM certificate nor a "
                    "PEM public key: download it from the merchant platform.",
                    provider=self.name,
                )
            ) from error

    def _wechatpay_verify(self, headers, body):
        """Whether ``body`` (text) with these headers is signed by this provider's WeChat Pay."""
        self.ensure_one()
        return utils.verify(
            headers, body, self._wechatpay_platform_key(), self.wechatpay_platform_serial
        )

    def _wechatpay_decrypt(self, resource):
        """The decrypted resource of a notification, or None."""
        self.ensure_one()
        # sudo: the APIv3 key is restricted to administrators; the notification route is public.
        return utils.decrypt_resource(resource, self.sudo().wechatpay_api_v3_key)

    def _wechatpay_request(self, method, path, payload=None):
        """Send a signed request to WeChat Pay API v3 and return its verified JSON answer.

        :param str method: ``GET`` or ``POST``.
        :param str path: the path with its query string, e.g. ``/v3/pay/transactions/native``.
        :param dict payload: the JSON body of a POST.
        :return: the answer (a dict; empty for 204 No Content).
        :raise WeChatPayApiError: when the request fails or WeChat Pay answers an error.
        :raise ValidationError: when the answer is not signed by WeChat Pay.
        """
        self.ensure_one()
        body = utils.dumps(payload) if payload is not None else ""
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": utils.authorization(
                method,
                path,
                body,
                self.wechatpay_mch_id,
                self.wechatpay_cert_serial_no,
                self._wechatpay_merchant_key(),
            ),
            "Wechatpay-Serial": self.wechatpay_platform_serial or "",
        }
        url = (self.wechatpay_api_url or const.DEFAULT_API_URL).rstrip("/") + path
        _logger.info("WeChat Pay request %s %s", method, path)
        try:
            response = requests.request(
                method, url, data=body.encode(), headers=headers, timeout=const.TIMEOUT
            )
        except requests.exceptions.RequestException as error:
            _logger.warning("WeChat Pay request %s %s failed: %s", method, path, error)
            raise WeChatPayApiError(
                self.env._("Could not reach WeChat Pay; please try again in a moment."),
                code="CONNECTION_ERROR",
            ) from error
        text = response.content.decode("utf-8", errors="replace")
        if response.status_code >= 300:
            try:
                error = json.loads(text)
            except ValueError:
                error = {}
            code = error.get("code") if isinstance(error, dict) else None
            message = error.get("message") if isinstance(error, dict) else None
            _logger.warning(
                "WeChat Pay answered %s %s with %s %s", method, path, response.status_code, code
            )
            raise WeChatPayApiError(
                self.env._(
                    "WeChat Pay refused the request: %(code)s %(message)s",
                    code=code or response.status_code,
                    message=message or "",
                ),
                status=response.status_code,
                code=code,
            )
        if not self._wechatpay_verify(response.headers, text):
            _logger.warning("WeChat Pay answer to %s %s has an invalid signature", method, path)
            raise ValidationError(
                self.env._(
                    "The answer from WeChat Pay is not signed by the platform certificate of "
                    "%(provider)s: check the platform certificate and its serial number.",
                    provider=self.name,
                )
            )
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValidationError(self.env._("WeChat Pay sent an unreadable answer.")) from error
        return data if isinstance(data, dict) else {}
