from . import (
    test_claim_batches,
    test_claim_concurrency,
    test_claim_limits,
    test_claim_portal,
    test_claim_verify,
    test_fuzz_portal,
    test_redeem_checkout,
    test_redeem_engine,
    test_redeem_race,
    test_redeem_tour,
    test_skeleton,
)
