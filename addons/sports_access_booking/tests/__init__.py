from . import test_booking_access
