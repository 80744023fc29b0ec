from . import test_stall_card_payment
