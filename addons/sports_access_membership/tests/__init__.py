from . import test_card_access, test_stored_value_entry
