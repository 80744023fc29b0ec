from . import test_fuzz_portal, test_skeleton
from . import test_pos_redeem
from . import test_pos_parallel
from . import test_pos_tour
