from . import (
    pos_order,
    pos_order_line,
    pos_session,
    product_template,
    sports_booking_pos,
    sports_space,
)
