from . import (
    test_pos_desk,
    test_pos_desk_tour,
    test_pos_tickets,
    test_pos_timed,
    test_pos_timed_tour,
    test_pos_tour,
)
