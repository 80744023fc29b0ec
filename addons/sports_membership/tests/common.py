import uuid

from odoo import http
from odoo.fields import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user

MEMBER_LOGIN, MEMBER_PASSWORD = "sm_tour_member", "sm-tour-member-Pass-1"
OTHER_LOGIN, OTHER_PASSWORD = "sm_other_member", "sm-other-member-Pass-1"


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
                "name": "Stored Value",
                "kind": "stored_value",
                "deposit": 20.0,
                "refund_fee_percent": 10.0,
                "transferable": True,
                "topup_ids": [
                    Command.create({"amount_min": 500.0, "bonus": 30.0}),
                    Command.create({"amount_min": 1000.0, "bonus": 100.0}),
                ],
            }
        )
        cls.count_type = Type.create(
            {
                "name": "Swim 10 Entries",
                "kind": "count",
                "price": 300.0,
                "uses": 10,
                "validity_days": 90,
                "daily_cap": 2,
                "sport_ids": [Command.set(cls.swimming.ids)],
            }
        )
        cls.period_type = Type.create(
            {"name": "Month Pass", "kind": "period", "price": 199.0, "validity_months": 1}
        )
        cls.holder = cls.env["res.partner"].create({"name": "Wang Fang", "phone": "13800138000"})
        cls.other = cls.env["res.partner"].create(
            {"name": "Zhao Qiang", "phone": "+86 139 0013 9000"}
        )
        cls.Card = cls.env["sports.card"]
        cls.Move = cls.env["sports.card.move"]

    def new_card(self, card_type=None, **vals):
        return self.Card.create(
            {"type_id": (card_type or self.value_type).id, "partner_id": self.holder.id, **vals}
        )

    def funded_card(self, amount=100.0, **vals):
        card = self.new_card(**vals)
        card.topup(amount, self.key(), ref="test")
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


class PortalCardCase(HttpCase):
    """Two portal members, each with an empty stored-value card whose type has one bonus
    tier (pay 100, get 110)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company._arena_card_accounting()
        cls.member = new_test_user(
            cls.env,
            login=MEMBER_LOGIN,
            password=MEMBER_PASSWORD,
            groups="base.group_portal",
            name="Sun Li",
            email="sun.li@example.com",
            company_id=cls.company.id,
        )
        cls.member.partner_id.phone = "13800138001"
        cls.other = new_test_user(
            cls.env,
            login=OTHER_LOGIN,
            password=OTHER_PASSWORD,
            groups="base.group_portal",
            name="Qian Wei",
            email="qian.wei@example.com",
            company_id=cls.company.id,
        )
        cls.other.partner_id.phone = "13800138002"
        cls.card_type = cls.env["sports.card.type"].create(
            {
                "name": "Portal Stored Value",
                "kind": "stored_value",
                "topup_ids": [Command.create({"amount_min": 100.0, "bonus": 10.0})],
            }
        )
        cls.card = cls.env["sports.card"].create(
            {"type_id": cls.card_type.id, "partner_id": cls.member.partner_id.id}
        )
        cls.other_card = cls.env["sports.card"].create(
            {"type_id": cls.card_type.id, "partner_id": cls.other.partner_id.id}
        )

    def post(self, url, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}, allow_redirects=False
        )

    def topup_orders(self):
        return self.env["sale.order.line"].search([("sports_card_id", "!=", False)]).order_id

    def moves(self, card, kind):
        return self.env["sports.card.move"].search([("card_id", "=", card.id), ("kind", "=", kind)])
