from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosDeskTour(TestPointOfSaleHttpCommon):
    """The cashier sells goods from stock, rents a racket against a deposit, and cannot
    sell what the server must accept while it is out of reach."""

    def _product(self, name, price, **vals):
        return self.env["product.product"].create(
            {
                "name": name,
                "list_price": price,
                "available_in_pos": True,
                "taxes_id": [(5, 0, 0)],
                **vals,
            }
        )

    def test_goods_sale(self):
        water = self._product("Tour Water", 3.0, is_storable=True)
        shuttles = self._product("Tour Shuttlecocks", 60.0, is_storable=True)
        location = self.main_pos_config.picking_type_id.default_location_src_id
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(water, location, 24)
        Quant._update_available_quantity(shuttles, location, 10)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_goods_sale", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        at = {"location": location.id}
        self.assertEqual(water.with_context(**at).qty_available, 22)
        self.assertEqual(shuttles.with_context(**at).qty_available, 9)
        self.assertTrue(order.picking_ids)

    def test_rental_and_return(self):
        account = self.env.company._sports_rental_deposit_account()
        deposit = self._product(
            "Tour Racket Deposit",
            100.0,
            type="service",
            property_account_income_id=account.id,
        )
        racket = self._product(
            "Tour Racket Rental",
            10.0,
            type="service",
            sports_rental_ok=True,
            sports_rental_deposit_product_id=deposit.id,
        )
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_rental_return", login="pos_user")
        session = self.main_pos_config.current_session_id
        self.assertEqual(session.state, "opened", "the cashier went back from the closing")
        orders = self.main_pos_config.current_session_id.order_ids.sorted("id")
        self.assertEqual(len(orders), 2)
        rental, back = orders
        deposit_line = rental.lines.filtered(lambda line: line.product_id == deposit)
        self.assertEqual(deposit_line.sports_rental_product_id, racket)
        self.assertEqual(deposit_line.sports_rental_state, "returned")
        self.assertEqual(back.lines.refunded_orderline_id, deposit_line)
        self.assertAlmostEqual(back.amount_total, -100.0)

    def _ticket_type(self):
        self.env.user.group_ids |= self.env.ref("sports_venue.group_arena_manager")
        venue = self.env["sports.venue"].create(
            {"name": "Offline Arena", "code": "TOFFL", "tz": DEFAULT_TZ}
        )
        ticket_type = self.env["sports.ticket.type"].create(
            {"name": "Tour Swim Ticket", "venue_id": venue.id, "kind": "single", "price": 30.0}
        )
        ticket_type.product_id.write({"available_in_pos": True, "taxes_id": [(5, 0, 0)]})
        self.pos_user.group_ids |= self.env.ref("sports_venue.group_arena_user")
        self.main_pos_config.sports_venue_id = venue
        return ticket_type

    def test_offline_refuses_products_that_need_the_server(self):
        self._ticket_type()
        self._product("Tour Water", 3.0, is_storable=True)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_offline_refusal", login="pos_user")
        lines = self.main_pos_config.current_session_id.order_ids.lines
        self.assertFalse(lines.sports_ticket_ids)

    def test_lost_validation_asks_the_server_before_paying_again(self):
        ticket_type = self._ticket_type()
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_lost_validation", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1, "one order, accepted once")
        self.assertEqual(order.state, "paid")
        self.assertEqual(len(order.payment_ids), 1, "paid once")
        self.assertEqual(len(order.lines.sports_ticket_ids), 1)
        self.assertEqual(order.lines.sports_ticket_ids.ticket_type_id, ticket_type)
