from . import sports_venue_self_report
