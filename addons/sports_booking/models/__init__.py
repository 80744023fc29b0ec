from . import (
    res_partner,
    sale_order,
    sale_order_line,
    sports_booking,
    sports_booking_demo,
    sports_booking_grid,
    sports_booking_occupancy,
    sports_booking_rules,
    sports_holiday,
    sports_price_rule,
    sports_space,
    sports_venue,
)
