from . import test_wechatpay_skeleton
