from . import (
    test_fuzz_portal,
)
