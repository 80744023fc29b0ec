from . import (
    account_move,
    account_move_line,
    account_partial_reconcile,
    sports_access_entitlement,
    sports_access_event,
    sports_card,
    sports_card_arrear,
)
