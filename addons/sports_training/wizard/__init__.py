from . import sports_training_enrol_wizard
