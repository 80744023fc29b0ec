from . import (
    test_bureau_access,
    test_fuzz_json2,
    test_fuzz_portal,
    test_inputs,
    test_public_methods,
    test_space_combination,
    test_time_api,
    test_tour,
    test_validation,
    test_write_probe,
)
