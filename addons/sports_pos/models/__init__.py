from . import (
    pos_config,
    pos_order,
    pos_order_line,
    pos_order_line_timed,
    pos_order_timed,
    pos_session_timed,
    product_template,
    res_config_settings,
    sports_access_entitlement,
    sports_timed_item,
    sports_timed_session,
)
