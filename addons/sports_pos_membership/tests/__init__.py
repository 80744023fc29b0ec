from . import test_pos_card_sale
