from . import sports_access_entitlement, sports_access_event, sports_card
