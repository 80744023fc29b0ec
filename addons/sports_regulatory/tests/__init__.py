from . import test_fuzz_portal, test_skeleton, test_uplink_outbox, test_uplink_receiver
