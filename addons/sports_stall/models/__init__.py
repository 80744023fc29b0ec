from . import (
    pos_config,
    pos_order_line,
    product_template,
    res_company,
    sports_stall,
    sports_stall_commission,
    sports_stall_contract,
    sports_stall_fee,
    sports_stall_session_settled,
    sports_stall_settlement,
    sports_stall_settlement_line,
    sports_stall_settlement_run,
)
