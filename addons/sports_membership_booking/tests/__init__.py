from . import test_booking, test_portal
