from . import (
    payment_provider,
    pos_order,
    pos_payment_code_trade,
    pos_payment_code_trade_checks,
    pos_payment_method,
)
