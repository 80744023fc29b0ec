from . import test_booking_access, test_checkout, test_desk_scan
