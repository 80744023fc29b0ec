from . import (
    test_fraud_flags,
    test_fuzz_portal,
    test_settle_claims,
    test_settle_concurrency,
    test_settle_tour,
    test_skeleton,
)
