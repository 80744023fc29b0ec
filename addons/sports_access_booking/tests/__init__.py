from . import test_booking_access, test_booking_pass, test_checkout, test_desk_scan
