from . import test_fuzz_portal, test_portal_dashboard, test_portal_statements
