from . import (
    sports_coach_statement_generate,
    sports_training_enrol_wizard,
    sports_training_makeup_wizard,
    sports_training_session_cancel,
)
