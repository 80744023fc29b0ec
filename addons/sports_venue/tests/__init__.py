from . import test_bureau_access, test_space_combination, test_tour, test_validation
