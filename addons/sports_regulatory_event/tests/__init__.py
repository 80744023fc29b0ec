from . import test_event_stat
