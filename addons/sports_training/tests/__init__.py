from . import (
    test_demo_training,
    test_fuzz_portal,
    test_skeleton,
)
