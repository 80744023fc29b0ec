from . import (
    test_pos_all_flows,
    test_pos_card_parallel,
    test_pos_card_payment,
    test_pos_card_sale,
    test_pos_card_sale_tour,
    test_pos_card_tour,
)
