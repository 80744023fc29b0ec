import uuid

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sports_stall.tests.core_common import StallPosCase


@tagged("post_install", "-at_install")
class TestStallCardPayment(StallPosCase):
    """A card holding paid and bonus money pays at a stall: the merchant is settled on the
    face value, the operator bears the bonus."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._arena_card_accounting()
        cls.card_method = cls.env["pos.payment.method"]._sports_card_payment_method(cls.company)
        cls.card_type = cls.env["sports.card.type"].create(
            {
                "name": "Court Value Card",
                "kind": "stored_value",
                "company_id": cls.company.id,
                "topup_ids": [fields.Command.create({"amount_min": 100.0, "bonus": 25.0})],
            }
        )
        cls.holder = cls.env["res.partner"].create({"name": "Han Meimei", "phone": "13800138222"})

    def setUp(self):
        super().setUp()
        self.basic_config.payment_method_ids = [fields.Command.link(self.card_method.id)]

    def new_card(self, card_type=None):
        card = self.env["sports.card"].create(
            {"type_id": (card_type or self.card_type).id, "partner_id": self.holder.id}
        )
        card.topup(100.0, f"stall-topup-{uuid.uuid4()}", ref="test")
        return card

    def pay_by_card(self, card, lines, amount):
        data = self.create_ui_order_data(
            lines,
            pos_order_ui_args={"state": "paid", "access_token": str(uuid.uuid4())},
            payments=[(self.card_method, amount)],
            uuid=str(uuid.uuid4()),
        )
        data["payment_ids"][0][2].update({"uuid": str(uuid.uuid4()), "sports_card_ref": card.id})
        self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def test_card_pays_a_stall_on_face_value_and_the_operator_bears_the_bonus(self):
        card = self.new_card()
        self.assertEqual((card.balance_paid, card.balance_bonus), (100.0, 25.0))
        self.open_till(stall=self.noodles)
        self.assertEqual(self.config.sports_venue_id, self.noodles.venue_id)
        order = self.pay_by_card(card, [(self.noodle_bowl, 2)], 56.0)  # 56 = 44.80 + 11.20
        self.assertEqual(order.state, "paid")
        line = order.lines
        self.assertEqual(line.sports_stall_id, self.noodles)
        self.assertAlmostEqual(line.price_subtotal_incl, 56.0, msg="the stall sold at face value")
        self.assertAlmostEqual(card.balance_total, 69.0)
        self.assertAlmostEqual(card.balance_paid, 55.2)
        self.assertAlmostEqual(card.balance_bonus, 13.8)
        spend = card.move_ids.filtered(lambda move: move.kind == "spend")
        self.assertEqual(len(spend), 1)
        spend._post_pending_accounting()  # the spend's entry is the batch's
        bonus_account = self.company.card_bonus_discount_account_id
        bonus_lines = spend.account_move_id.line_ids.filtered(
            lambda line: line.account_id == bonus_account
        )
        self.assertAlmostEqual(sum(bonus_lines.mapped("balance")), 11.2, msg="the bonus share")
        liability_lines = spend.account_move_id.line_ids.filtered(
            lambda line: line.account_id == self.company.card_liability_account_id
        )
        self.assertAlmostEqual(sum(liability_lines.mapped("balance")), 44.8)
        session = self.close_session()
        collections = session.move_id.line_ids.filtered(
            lambda line: line.account_id == self.noodles.collections_account_id
        )
        self.assertAlmostEqual(-sum(collections.mapped("balance")), 56.0, msg="face value")
        clearing = self.card_method.receivable_account_id
        cleared = self.env["account.move.line"].search(
            [("account_id", "=", clearing.id), ("parent_state", "=", "posted")]
        )
        self.assertAlmostEqual(sum(cleared.mapped("balance")), 0.0)

    def test_card_pays_mixed_stalls_at_a_shared_till(self):
        card = self.new_card()
        self.open_till(shared=True)
        order = self.pay_by_card(card, [(self.noodle_bowl, 1), (self.milk_tea, 2)], 59.0)
        self.assertEqual(order.state, "paid")
        by_stall = {
            stall: sum(
                order.lines.filtered(lambda line, s=stall: line.sports_stall_id == s).mapped(
                    "price_subtotal_incl"
                )
            )
            for stall in self.noodles | self.tea
        }
        self.assertEqual(by_stall, {self.noodles: 28.0, self.tea: 31.0})
        self.assertAlmostEqual(card.balance_total, 66.0)
        session = self.close_session()
        for stall, sales in by_stall.items():
            lines = session.move_id.line_ids.filtered(
                lambda line, s=stall: line.account_id == s.collections_account_id
            )
            self.assertAlmostEqual(-sum(lines.mapped("balance")), sales)

    def test_card_out_of_the_stalls_venue_is_refused(self):
        elsewhere = self.env["sports.venue"].create({"name": "Other Court", "code": "TSCOT"})
        scoped = self.card_type.copy({"name": "Other court only", "venue_ids": elsewhere.ids})
        card = self.new_card(scoped)
        before = card.balance_total
        self.open_till(stall=self.noodles)
        with self.assertRaisesRegex(UserError, "not valid"), self.env.cr.savepoint():
            self.pay_by_card(card, [(self.noodle_bowl, 1)], 28.0)
        self.assertEqual(card.balance_total, before)
        self.assertFalse(card.move_ids.filtered(lambda move: move.kind == "spend"))
