from . import (
    test_fuzz_portal,
    test_skeleton,
)
