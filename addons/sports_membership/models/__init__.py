# The mixin first: the models that inherit it are registered in import order.
from . import sports_sold_mixin  # isort: skip
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
