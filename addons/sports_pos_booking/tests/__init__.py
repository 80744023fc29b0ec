from . import test_pos_timed_space
