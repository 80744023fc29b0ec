from . import test_skeleton
from . import test_dash_waste
