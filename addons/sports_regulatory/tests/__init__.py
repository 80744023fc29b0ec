from . import (
    test_fuzz_portal,
    test_skeleton,
    test_stats_compute,
    test_stats_revenue,
    test_uplink_outbox,
    test_uplink_receiver,
)
