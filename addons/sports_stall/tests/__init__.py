from . import test_core_accounting, test_core_attribution, test_core_contracts
