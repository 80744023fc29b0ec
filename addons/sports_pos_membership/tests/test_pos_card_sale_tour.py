from odoo import Command
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestPosCardSaleTour(TestPointOfSaleHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.pos_user.group_ids |= cls.env.ref("sports_venue.group_arena_user")
        cls.env.company._arena_card_accounting()
        cls.value_type = cls.env["sports.card.type"].create(
            {
                "name": "Tour Value Card",
                "kind": "stored_value",
                "price": 50.0,
                "deposit": 20.0,
                "topup_ids": [Command.create({"amount_min": 500.0, "bonus": 30.0})],
            }
        )
        products = (
            cls.value_type.product_id
            | cls.env.ref("sports_membership.product_card_deposit")
            | cls.env.ref("sports_membership.product_card_topup")
        )
        # The POS test fixture archives every product available in the POS (the demo's too).
        products.product_tmpl_id.write({"active": True})
        products.write({"active": True, "available_in_pos": True, "taxes_id": [Command.clear()]})

    def test_card_sale_with_deposit(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_card_sale_deposit", login="pos_user")
        order = self.main_pos_config.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        card = order.lines.sports_issued_card_ids
        self.assertEqual(len(card), 1)
        self.assertEqual(card.type_id, self.value_type)
        self.assertEqual(card.partner_id.phone, "+8613800138000")
        self.assertEqual(card.deposit_balance, 20.0)
        self.assertEqual(len(card.move_ids.filtered(lambda m: m.kind == "deposit_in")), 1)

    def test_topup_with_bonus(self):
        holder = self.env["res.partner"].create({"name": "Tour Holder", "phone": "13900139001"})
        card = self.env["sports.card"].create(
            {"type_id": self.value_type.id, "partner_id": holder.id, "name": "MC2026999001"}
        )
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("sports_pos_card_topup_bonus", login="pos_user")
        card.invalidate_recordset()
        self.assertEqual((card.balance_paid, card.balance_bonus), (500.0, 30.0))
        order = self.main_pos_config.current_session_id.order_ids
        topup = card.move_ids.filtered(lambda m: m.kind == "topup")
        self.assertEqual(topup.idempotency_key, f"pos-line-{order.lines.uuid}")
