from . import test_dash_waste, test_skeleton
