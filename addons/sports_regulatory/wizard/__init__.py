from . import sports_regulatory_report
