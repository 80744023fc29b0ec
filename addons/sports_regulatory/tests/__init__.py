from . import test_dash_waste, test_skeleton, test_stats_compute, test_stats_revenue
