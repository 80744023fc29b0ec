from . import (
    hr_employee,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    sports_access_entitlement,
    sports_access_event,  # ATTEND
    sports_booking,
    sports_coach_payroll_input,
    sports_coach_qualification,
    sports_coach_qualification_kind,
    sports_coach_statement,
    sports_coach_statement_line,
    sports_training_attendance,
    sports_training_attendance_makeup,  # ATTEND
    sports_training_attendance_mark,  # ATTEND
    sports_training_attendance_pass,  # ATTEND
    sports_training_course,
    sports_training_course_enrol,
    sports_training_course_sched,
    sports_training_course_slot,
    sports_training_demo,
    sports_training_demo_coach,
    sports_training_demo_fallback,
    sports_training_enrolment,
    sports_training_level,
    sports_training_session,
    sports_training_session_pass,  # ATTEND
    sports_training_session_sched,
)
