from . import (
    test_bureau_access,
    test_fuzz_portal,
    test_inputs,
    test_space_combination,
    test_time_api,
    test_tour,
    test_validation,
)
