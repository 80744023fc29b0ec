from . import (
    pos_config,
    pos_order,
    pos_order_line,
    sports_training_course,
    sports_training_enrolment,
)
