from . import (
    test_claim_batches,
    test_claim_concurrency,
    test_claim_limits,
    test_claim_portal,
    test_claim_verify,
    test_demo_admin,
    test_demo_data,
    test_fuzz_portal,
    test_skeleton,
)
