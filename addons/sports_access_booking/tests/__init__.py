from . import test_booking_access, test_desk_scan
