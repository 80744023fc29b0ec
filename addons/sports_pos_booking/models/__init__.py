from . import (
    pos_order,
    pos_order_line,
    pos_order_line_timed,
    pos_session,
    product_template,
    sports_booking,
    sports_space,
    sports_timed_session,
)
