from . import test_pos_tickets, test_pos_tour
