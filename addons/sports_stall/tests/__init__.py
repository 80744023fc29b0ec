
from . import test_settle_engine
