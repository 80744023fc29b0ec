from . import (
    res_company,
    sale_order,
    sale_order_line,
    sports_booking,
    sports_card,
    sports_card_move,
    sports_card_type,
    sports_card_type_topup,
    sports_price_rule,
)
