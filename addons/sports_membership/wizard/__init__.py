from . import sports_card_operation
