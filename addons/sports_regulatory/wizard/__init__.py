from . import sports_stat_recompute
