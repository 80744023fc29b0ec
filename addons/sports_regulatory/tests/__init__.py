from . import (
    test_bureau_access,
    test_bureau_json2,
    test_bureau_reports,
    test_fuzz_portal,
    test_fuzz_uplink,
    test_rules_compliance,
    test_rules_rollup,
    test_stats_compute,
    test_stats_revenue,
    test_stats_wizard,
    test_uplink_outbox,
    test_uplink_receiver,
)
