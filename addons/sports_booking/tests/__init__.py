from . import (
    test_api,
    test_availability,
    test_concurrency,
    test_fuzz_portal,
    test_grid,
    test_hardening,
    test_light_schedule,
    test_overlap,
    test_portal,
    test_pricing,
    test_recurrence,
    test_rules,
)
