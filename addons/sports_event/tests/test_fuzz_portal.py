"""Bad input on the events portal's routes, gathered here for the coverage check."""

COVERED_ROUTES = set()
from .test_fuzz_event import EVENT_ROUTES, TestFuzzEvent  # noqa: F401, E402

COVERED_ROUTES |= EVENT_ROUTES
