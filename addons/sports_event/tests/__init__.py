from . import (
    test_demo_event,
    test_event_blocks,
    test_event_pass,
    test_event_portal,
    test_event_team,
    test_event_tour,
    test_fuzz_portal,
)
