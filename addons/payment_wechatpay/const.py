"""Constants of the WeChat Pay provider (API v3)."""

PROVIDER_CODE = "wechatpay"

DEFAULT_API_URL = "https://api.mch.weixin.qq.com"

# WeChat Pay merchants in mainland China settle in CNY only.
SUPPORTED_CURRENCIES = ("CNY",)

# The payment methods activated with the provider: the one Odoo's `payment` already defines.
DEFAULT_PAYMENT_METHOD_CODES = {"wechat_pay"}

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
