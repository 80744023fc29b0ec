from . import test_card_access
