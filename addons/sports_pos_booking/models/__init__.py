from . import sports_booking, sports_timed_session
