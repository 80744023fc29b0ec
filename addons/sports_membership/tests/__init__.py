from . import (
    test_accounting,
    test_api,
    test_concurrency,
    test_fuzz_portal,
    test_hardening,
    test_ledger,
    test_operations,
    test_portal,
    test_portal_buy,
    test_property,
    test_rights_before_locks,
    test_security,
)
