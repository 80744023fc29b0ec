from . import (
    test_wechatpay_booking_tour,
    test_wechatpay_concurrency,
    test_wechatpay_flows,
    test_wechatpay_skeleton,
)
