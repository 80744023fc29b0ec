from . import test_wechatpay_flows, test_wechatpay_skeleton
