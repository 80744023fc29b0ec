from . import (
    test_demo_event,
    test_fuzz_portal,
)
