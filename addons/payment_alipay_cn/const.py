from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

CODE = "alipay_cn"
DEFAULT_GATEWAY = "https://openapi.alipay.com/gateway.do"
SUPPORTED_CURRENCIES = ("CNY",)
DEFAULT_PAYMENT_METHOD_CODES = {"alipay"}

# Online payment: how long the cashier stays open, and when the reconcile cron closes a
# trade nobody paid (a margin after the cashier's own expiry).
TIMEOUT_EXPRESS = "30m"
EXPIRE_AFTER_MINUTES = 40
# The cron leaves fresh transactions to the notification and the return page.
RECONCILE_AFTER_MINUTES = 5

PAGE_PAY = ("alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY")
WAP_PAY = ("alipay.trade.wap.pay", "QUICK_WAP_WAY")
# Browsers of phones and tablets, which get the WAP cashier.
MOBILE_USER_AGENT_WORDS = ("Mobile", "Android", "iPhone", "iPad", "HarmonyOS", "MicroMessenger")

# trade_status of alipay.trade.query and of the notifications.
PAID_STATUSES = {"TRADE_SUCCESS", "TRADE_FINISHED"}
WAITING_STATUSES = {"WAIT_BUYER_PAY"}
CLOSED_STATUSES = {"TRADE_CLOSED"}

# Gateway codes: 10000 success, 10003 the buyer confirms on the phone, 20000 the service is
# unavailable, 40004 a business refusal (see sub_code).
CODE_SUCCESS = "10000"
CODE_WAIT_BUYER = "10003"
CODE_UNAVAILABLE = "20000"
# sub_codes after which the outcome is unknown: query, then cancel.
UNKNOWN_SUB_CODES = {"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "isp.unknow-error"}

# Definite refusals of a payment code, with what to tell the cashier.
PAYCODE_REFUSALS = {
    "ACQ.PAYMENT_AUTH_CODE_INVALID": _lt(
        "The payment code is invalid or expired: ask the customer to refresh it and scan again."
    ),
    "ACQ.AUTH_CODE_INVALID": _lt(
        "The payment code is invalid or expired: ask the customer to refresh it and scan again."
    ),
    "ACQ.BUYER_BALANCE_NOT_ENOUGH": _lt(
        "The customer's Alipay balance is not enough: ask them to choose another payment source."
    ),
    "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH": _lt(
        "The customer's bank card balance is not enough: ask them to choose another card."
    ),
    "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR": _lt(
        "The customer has reached their daily Alipay payment limit."
    ),
    "ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR": _lt(
        "The customer has reached their monthly Alipay payment limit."
    ),
    "ACQ.PAYMENT_FAIL": _lt("Alipay refused the payment: ask the customer to try again."),
    "ACQ.CONTEXT_INCONSISTENT": _lt(
        "This payment reference was already used with other details (amount or code)."
    ),
    "ACQ.TRADE_HAS_CLOSE": _lt("This trade was closed: start a new payment."),
    "ACQ.BUYER_SELLER_EQUAL": _lt("The customer and the merchant are the same Alipay account."),
    "ACQ.TOTAL_FEE_EXCEED": _lt("The amount is above what Alipay accepts for one payment."),
    "ACQ.INVALID_PARAMETER": _lt("Alipay refused the request's parameters."),
    "isv.invalid-signature": _lt(
        "Alipay refused the signature: check the app private key and that its public key is "
        "uploaded to the Alipay app."
    ),
    "isv.invalid-app-id": _lt("Alipay does not know this app id: check the provider's App ID."),
}

# Definite refusals of a refund.
REFUND_REFUSALS = {
    "ACQ.TRADE_NOT_EXIST": _lt("Alipay has no trade with this reference."),
    "ACQ.TRADE_NOT_ALLOW_REFUND": _lt("Alipay does not allow refunding this trade any more."),
    "ACQ.TRADE_STATUS_ERROR": _lt("The trade is not paid, or already closed: nothing to refund."),
    "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL": _lt(
        "The refund is more than what is left to refund on this trade."
    ),
    "ACQ.SELLER_BALANCE_NOT_ENOUGH": _lt(
        "The merchant's Alipay balance is too low to refund: top it up and refund again."
    ),
}
