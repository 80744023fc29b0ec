from . import sports_training_makeup_wizard
