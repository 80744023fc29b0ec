from . import (
    test_skeleton,
    test_stats_compute,
    test_stats_revenue,
    test_stats_wizard,
)
