"""Constants of the WeChat Pay provider (API v3)."""

PROVIDER_CODE = "wechatpay"

DEFAULT_API_URL = "https://api.mch.weixin.qq.com"

# WeChat Pay merchants in mainland China settle in CNY only.
SUPPORTED_CURRENCIES = ("CNY",)

# The payment methods activated with the provider: the one Odoo's `payment` already defines.
DEFAULT_PAYMENT_METHOD_CODES = {"wechat_pay"}

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"

# Seconds to wait for WeChat Pay.
TIMEOUT = 20

# WeChat Pay's trade states (trade_state of a transaction query or notification).
TRADE_STATE_DONE = {"SUCCESS"}
TRADE_STATE_PENDING = {"NOTPAY", "USERPAYING"}
TRADE_STATE_CANCEL = {"CLOSED", "REVOKED"}
TRADE_STATE_ERROR = {"PAYERROR"}
# A paid order that is being, or has been, refunded was paid.
TRADE_STATE_REFUND = {"REFUND"}

# Refund statuses.
REFUND_STATUS_DONE = {"SUCCESS"}
REFUND_STATUS_PENDING = {"PROCESSING"}
REFUND_STATUS_ERROR = {"ABNORMAL", "CLOSED"}

# A Native/H5/JSAPI order expires after this many minutes (time_expire); the reconcile cron
# queries pending transactions older than RECONCILE_AFTER_MINUTES and closes expired ones.
ORDER_EXPIRY_MINUTES = 30
RECONCILE_AFTER_MINUTES = 5

# Our routes.
NOTIFY_ROUTE = "/payment/wechatpay/notify"
QR_ROUTE = "/payment/wechatpay/qr"
JSAPI_ROUTE = "/payment/wechatpay/jsapi"
RETURN_ROUTE = "/payment/wechatpay/return"
POLL_ROUTE = "/payment/wechatpay/poll"
