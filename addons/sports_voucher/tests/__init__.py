from . import (
    test_fuzz_portal,
    test_redeem_checkout,
    test_redeem_engine,
    test_redeem_race,
    test_redeem_tour,
    test_skeleton,
)
