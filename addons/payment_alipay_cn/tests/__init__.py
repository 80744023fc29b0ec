from . import test_fuzz_portal, test_online, test_paycode, test_tour
