"""Bad input on the training portal's routes: each part of the addon declares its routes
and its fuzz cases in a module of its own, gathered here for the coverage check."""

COVERED_ROUTES = set()
from .test_fuzz_enrol import ENROL_ROUTES, TestFuzzEnrol  # noqa: E402, F401

COVERED_ROUTES |= ENROL_ROUTES
from .test_fuzz_attend import ATTEND_ROUTES, TestFuzzAttend  # noqa: F401, E402

COVERED_ROUTES |= ATTEND_ROUTES
