from odoo import fields, models

from odoo.addons.payment_wechatpay import const


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("wechatpay", "WeChat Pay")],
        ondelete={"wechatpay": "set default"},
    )
    wechatpay_mch_id = fields.Char(
        string="WeChat Pay Merchant ID",
        help="The merchant number (商户号) of the WeChat Pay merchant account.",
        required_if_provider="wechatpay",
        copy=False,
    )
    wechatpay_app_id = fields.Char(
        string="WeChat Pay App ID",
        help="The AppID bound to the merchant account: the Official Account (公众号) AppID "
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
        help="The APIv2 key, used by the payment code (付款码) payments at the desk.",
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
