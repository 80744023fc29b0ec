from . import (
    test_wechatpay_booking_tour,
    test_wechatpay_flows,
    test_wechatpay_micropay,
    test_wechatpay_skeleton,
)
