from . import test_pay_at_desk, test_prepaid_order
