from . import (
    test_enrol_portal,
    test_enrol_race,
    test_enrol_service,
    test_enrol_tour,
    test_fuzz_portal,
    test_skeleton,
)
