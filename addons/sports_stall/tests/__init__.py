from . import (
    test_core_accounting,
    test_core_attribution,
    test_core_contracts,
    test_settle_engine,
    test_settle_gl,
    test_settle_property,
    test_settle_queries,
)
