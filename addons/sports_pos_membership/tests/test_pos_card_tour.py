from odoo import fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


@tagged("post_install", "-at_install")
class TestPosCardPaymentTour(TestPointOfSaleHttpCommon):
    """Card payments clicked through the POS in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.pos_user.group_ids |= cls.env.ref("sports_venue.group_arena_user")
        company = cls.main_pos_config.company_id
        company._arena_card_accounting()
        cls.venue = cls.env["sports.venue"].create(
            {"name": "Card Tour Arena", "code": "TCTOUR", "tz": DEFAULT_TZ}
        )
        cls.card_method = cls.env["pos.payment.method"]._sports_card_payment_method(company)
        cls.main_pos_config.write(
            {
                "sports_venue_id": cls.venue.id,
                "payment_method_ids": [fields.Command.link(cls.card_method.id)],
            }
        )
        cls.shuttle = cls.env["product.product"].create(
            {
                "name": "Tour Shuttle",
                "list_price": 30.0,
                "available_in_pos": True,
                "taxes_id": [fields.Command.clear()],
            }
        )
        card_type = cls.env["sports.card.type"].create(
            {"name": "Tour Value Card", "kind": "stored_value", "company_id": company.id}
        )
        holder = cls.env["res.partner"].create({"name": "Tour Holder", "phone": "13800138002"})
        cls.rich, cls.poor = cls.env["sports.card"].create(
            [
                {"name": name, "type_id": card_type.id, "partner_id": holder.id}
                for name in ("TOURCARD-RICH", "TOURCARD-POOR")
            ]
        )
        cls.rich.topup(100.0, "tour-topup-rich", ref="tour")
        cls.poor.topup(10.0, "tour-topup-poor", ref="tour")

    def spends(self, card):
        return card.move_ids.filtered(lambda move: move.kind == "spend")

    def test_card_payment(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_card_payment", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.payment_ids.sports_card_id, self.rich)
        self.assertEqual(self.rich.balance_total, 70.0)
        self.assertEqual(len(self.spends(self.rich)), 1)

    def test_card_insufficient_balance(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_card_insufficient", login="pos_user")
        orders = self.main_pos_config.current_session_id.order_ids
        self.assertFalse(orders.filtered(lambda order: order.state != "draft"))
        self.assertEqual(self.rich.balance_total, 10.0, "only the other till's 90.00")
        self.assertEqual(len(self.spends(self.rich)), 1)
        self.assertFalse(self.spends(self.poor))

    def test_card_payment_refused_offline(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_card_offline", login="pos_user")
        self.assertFalse(self.spends(self.rich))
