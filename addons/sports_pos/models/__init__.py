from . import (
    pos_config,
    pos_order,
    pos_order_line,
    product_template,
    res_config_settings,
    sports_access_entitlement,
)
