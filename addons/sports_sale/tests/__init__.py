from . import test_prepaid_order
