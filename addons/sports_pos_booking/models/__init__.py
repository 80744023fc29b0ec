from . import pos_order_line_timed, sports_booking, sports_timed_session
