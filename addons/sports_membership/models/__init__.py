# sports.card lives in eight files: fields and CRUD, the checks of its operations, the card
# lock, the ledger's operations, the spend (its hot path), renewal, reporting, spend refunds.
from . import sports_card, sports_card_checks, sports_card_lock  # isort: skip
from . import sports_card_ledger, sports_card_spend, sports_card_renewal  # isort: skip
from . import sports_card_report, sports_card_spend_refund  # isort: skip
from . import (
    res_company,
    sale_order,
    sale_order_line,
    sports_card_move,
    sports_card_move_batch,
    sports_card_type,
    sports_card_type_topup,
)
