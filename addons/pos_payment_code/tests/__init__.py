from . import test_payment_code, test_payment_code_alipay, test_payment_code_tour
