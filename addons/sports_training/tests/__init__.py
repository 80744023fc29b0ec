from . import (
    test_attend_coach,  # ATTEND
    test_attend_makeup,  # ATTEND
    test_attend_pass,  # ATTEND
    test_attend_portal,  # ATTEND
    test_attend_race,  # ATTEND
    test_attend_tour,  # ATTEND
    test_fuzz_portal,
    test_sched_commission,
    test_sched_expiry,
    test_sched_planning,
    test_skeleton,
)
