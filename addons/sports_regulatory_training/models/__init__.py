from . import sports_venue_stat
