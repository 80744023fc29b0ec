from . import (
    test_dash_waste,
    test_rules_compliance,
    test_rules_rollup,
    test_skeleton,
    test_stats_compute,
    test_stats_revenue,
)
