import uuid

from odoo.fields import Command
from odoo.tests import TransactionCase


class CardCase(TransactionCase):
    """Card types of every kind, a holder and the company's card accounting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company._arena_card_accounting()
        cls.venue = cls.env["sports.venue"].create({"name": "Card Arena", "code": "TCARD"})
        cls.swimming = cls.env.ref("sports_venue.sport_swimming")
        cls.lane = cls.env["sports.space"].create(
            {
                "name": "Lane 1",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(cls.swimming.ids)],
            }
        )
        cls.court = cls.env["sports.space"].create({"name": "Court 1", "venue_id": cls.venue.id})
        Type = cls.env["sports.card.type"]
        cls.value_type = Type.create(
            {
                "name": "储值卡",
                "kind": "stored_value",
                "deposit": 20.0,
                "refund_fee_percent": 10.0,
                "member_price": True,
                "transferable": True,
                "topup_ids": [
                    Command.create({"amount_min": 500.0, "bonus": 30.0}),
                    Command.create({"amount_min": 1000.0, "bonus": 100.0}),
                ],
            }
        )
        cls.count_type = Type.create(
            {
                "name": "游泳次卡",
                "kind": "count",
                "price": 300.0,
                "uses": 10,
                "validity_days": 90,
                "daily_cap": 2,
                "sport_ids": [Command.set(cls.swimming.ids)],
            }
        )
        cls.period_type = Type.create(
            {"name": "月卡", "kind": "period", "price": 199.0, "validity_months": 1}
        )
        cls.holder = cls.env["res.partner"].create({"name": "王芳", "phone": "13800138000"})
        cls.other = cls.env["res.partner"].create({"name": "赵强", "phone": "+86 139 0013 9000"})
        cls.Card = cls.env["sports.card"]
        cls.Move = cls.env["sports.card.move"]

    def new_card(self, card_type=None, **vals):
        return self.Card.create(
            {"type_id": (card_type or self.value_type).id, "partner_id": self.holder.id, **vals}
        )

    def funded_card(self, amount=100.0, **vals):
        card = self.new_card(**vals)
        card.action_topup(amount, "test", self.key())
        return card

    @staticmethod
    def key():
        return str(uuid.uuid4())

    def assertLedgerSound(self, cards=None):
        self.assertEqual(
            self.Card._check_balance_integrity()
            if cards is None
            else cards._check_balance_integrity(),
            [],
        )
