from . import test_online, test_paycode
