from . import test_booking, test_fuzz_portal, test_portal
