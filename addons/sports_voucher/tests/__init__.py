from . import test_demo_admin, test_demo_data, test_fuzz_portal, test_skeleton
