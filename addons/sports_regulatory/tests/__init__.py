from . import test_skeleton
from . import test_fuzz_portal
from . import test_uplink_outbox
from . import test_uplink_receiver
