from . import (
    account_move,
    sports_access_entitlement,
    sports_access_event,
    sports_card,
    sports_card_arrear,
)
