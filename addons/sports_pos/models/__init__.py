from . import (
    barcode_rule,
    pos_config,
    pos_order,
    pos_order_line,
    product_template,
    res_company,
    res_config_settings,
    sports_access_entitlement,
    sports_ticket_type,
    sports_venue,
)
