from . import (
    test_attend_coach,  # ATTEND
    test_attend_makeup,  # ATTEND
    test_attend_pass,  # ATTEND
    test_attend_portal,  # ATTEND
    test_attend_race,  # ATTEND
    test_attend_tour,  # ATTEND
    test_demo_training,
    test_enrol_portal,
    test_enrol_race,
    test_enrol_service,
    test_enrol_tour,
    test_fuzz_portal,
    test_sched_commission,
    test_sched_expiry,
    test_sched_planning,
    test_skeleton,
)
