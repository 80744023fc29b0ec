from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CardCase


@tagged("post_install", "-at_install")
class TestCardSecurity(CardCase):
    def test_cashier_operates_cards_and_cannot_configure_types(self):
        cashier = new_test_user(self.env, "card_cashier", groups="sports_venue.group_arena_user")
        card = self.new_card().with_user(cashier)
        card.action_topup(100.0, "cash", self.key())
        self.Card.with_user(cashier).charge(card, 10.0, "x", self.key())
        self.assertEqual(card.balance_paid, 90.0)
        self.assertTrue(card.move_ids.account_move_id)
        with self.assertRaises(AccessError):
            self.value_type.with_user(cashier).write({"deposit": 0.0})

    def test_bureau_reads_and_cannot_write(self):
        bureau = new_test_user(self.env, "card_bureau", groups="sports_venue.group_sports_bureau")
        card = self.funded_card(100.0)
        self.assertEqual(card.with_user(bureau).balance_paid, 100.0)
        with self.assertRaises(AccessError):
            card.with_user(bureau).write({"uid": "X"})
        with self.assertRaises(AccessError):
            self.Card.with_user(bureau).charge(card, 1.0, "x", self.key())

    def test_portal_holder_reads_own_cards_and_moves_only(self):
        portal = new_test_user(self.env, "card_portal", groups="base.group_portal")
        portal.partner_id.phone = "13600136000"
        mine = self.new_card(partner_id=portal.partner_id.id)
        mine.action_topup(10.0, "x", self.key())
        theirs = self.funded_card(10.0)
        Card = self.Card.with_user(portal)
        self.assertEqual(Card.search([]), mine)
        self.assertEqual(self.Move.with_user(portal).search([]).card_id, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(portal).read(["balance_paid"])
        with self.assertRaises(AccessError):
            Card.charge(mine.id, 1.0, "x", self.key())
