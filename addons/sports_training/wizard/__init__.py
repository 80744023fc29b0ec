from . import sports_coach_statement_generate, sports_training_session_cancel
from . import sports_training_enrol_wizard
from . import sports_training_makeup_wizard
