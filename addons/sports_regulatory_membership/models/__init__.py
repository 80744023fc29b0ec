from . import sports_card_type, sports_venue_stat
