from . import (
    test_demo_training,
    test_fuzz_portal,
    test_sched_commission,
    test_sched_expiry,
    test_sched_planning,
    test_skeleton,
)
