from . import (
    test_core_accounting,
    test_core_attribution,
    test_core_contracts,
    test_core_contracts_http,
    test_core_shared_till_tour,
)
