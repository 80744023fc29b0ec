from . import sports_training_card_pay
