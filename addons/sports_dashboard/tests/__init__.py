from . import test_dash_dashboards, test_dash_tour
