"""Bad input on the voucher portal's routes: each part of the addon declares its routes
and its fuzz cases in a module of its own, gathered here for the coverage check."""

COVERED_ROUTES = set()
from .test_fuzz_claim import CLAIM_ROUTES, TestFuzzClaim  # noqa: F401, E402

COVERED_ROUTES |= CLAIM_ROUTES
from .test_fuzz_redeem import REDEEM_ROUTES, TestFuzzRedeem  # noqa: E402, F401

COVERED_ROUTES |= REDEEM_ROUTES
