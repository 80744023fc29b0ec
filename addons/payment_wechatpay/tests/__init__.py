from . import (
    test_fuzz_portal,
    test_wechatpay_booking_tour,
    test_wechatpay_concurrency,
    test_wechatpay_flows,
    test_wechatpay_micropay,
    test_wechatpay_skeleton,
)
