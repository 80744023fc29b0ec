from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosTicketTour(TestPointOfSaleHttpCommon):
    def test_ticket_sale_qr_receipt(self):
        self.env.user.group_ids |= self.env.ref("sports_venue.group_arena_manager")
        venue = self.env["sports.venue"].create(
            {"name": "Tour Arena", "code": "TTOUR", "tz": DEFAULT_TZ}
        )
        ticket_type = self.env["sports.ticket.type"].create(
            {"name": "Tour Swim Ticket", "venue_id": venue.id, "kind": "single", "price": 30.0}
        )
        ticket_type.product_id.write({"available_in_pos": True, "taxes_id": [(5, 0, 0)]})
        self.pos_user.group_ids |= self.env.ref("sports_venue.group_arena_user")
        self.main_pos_config.sports_venue_id = venue
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_ticket_qr_receipt", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        tickets = order.lines.sports_ticket_ids
        self.assertEqual(len(tickets), 1)
        self.assertEqual(tickets.ticket_type_id, ticket_type)
