from . import (
    test_core_accounting,
    test_core_attribution,
    test_core_contracts,
    test_core_shared_till_tour,
    test_fuzz_portal,
    test_portal_dashboard,
    test_portal_statements,
    test_portal_tour,
    test_settle_engine,
    test_settle_gl,
    test_settle_property,
    test_settle_queries,
)
