from . import (
    barcode_rule,
    pos_order,
    pos_order_card_sale,
    pos_order_line,
    pos_payment,
    pos_payment_method,
    pos_session,
    pos_session_topup,
    product_template,
    res_company_topup,
    sports_card,
)
