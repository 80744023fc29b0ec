from . import test_booking_access, test_booking_pass
