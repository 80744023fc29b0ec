from . import test_pos_card_sale, test_pos_card_sale_tour
