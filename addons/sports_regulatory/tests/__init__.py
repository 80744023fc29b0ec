from . import (
    test_bureau_access,
    test_bureau_json2,
    test_bureau_reports,
    test_fuzz_portal,
)
