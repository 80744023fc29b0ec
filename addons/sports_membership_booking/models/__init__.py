from . import sports_booking, sports_card_type, sports_price_rule
