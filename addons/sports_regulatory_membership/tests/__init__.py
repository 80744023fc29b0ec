from . import test_stats_card
