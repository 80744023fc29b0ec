from . import test_pos_booking, test_pos_booking_tour, test_pos_timed_space
