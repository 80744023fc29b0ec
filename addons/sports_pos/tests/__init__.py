from . import test_pos_tickets
from . import test_pos_tour
