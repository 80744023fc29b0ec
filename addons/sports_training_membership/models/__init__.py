from . import (
    sports_card_type,
    sports_training_attendance,
    sports_training_enrolment,
)
