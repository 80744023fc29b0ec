from . import sports_regulatory_report, sports_stat_recompute
