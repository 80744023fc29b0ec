from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.common import ArenaVenueCase

from .common import CardCase


@tagged("post_install", "-at_install")
class TestCardSecurity(CardCase):
    def test_cashier_operates_cards_and_cannot_configure_types(self):
        cashier = new_test_user(self.env, "card_cashier", groups="sports_venue.group_arena_user")
        card = self.new_card().with_user(cashier)
        card.topup(100.0, self.key(), ref="cash")
        card.charge(10.0, self.key(), ref="x")
        self.assertEqual(card.balance_paid, 90.0)
        self.assertTrue(card.move_ids.account_move_id)
        with self.assertRaises(AccessError):
            self.value_type.with_user(cashier).write({"deposit": 0.0})

    def test_users_have_no_right_on_the_ledger_nor_on_balances(self):
        """The CSV gives users no create, write or unlink right on moves; balances and
        states are written by the ledger's own methods only."""
        cashier = new_test_user(self.env, "card_cashier", groups="sports_venue.group_arena_user")
        manager = new_test_user(self.env, "card_manager", groups="sports_venue.group_arena_manager")
        card = self.funded_card(100.0)
        for user in (cashier, manager):
            Move = self.Move.with_user(user)
            self.assertTrue(Move.has_access("read"))
            for operation in ("create", "write", "unlink"):
                self.assertFalse(Move.has_access(operation), (user.login, operation))
            with self.assertRaises(AccessError):
                Move.create({"card_id": card.id, "kind": "topup", "amount_paid": 5.0})
            mine = card.with_user(user)
            for vals in ({"balance_paid": 1000.0}, {"state": "refunded"}, {"remaining_uses": 9}):
                with self.assertRaises(AccessError):
                    mine.write(vals)
            with self.assertRaises(AccessError):
                self.Card.with_user(user).create(
                    {"type_id": self.value_type.id, "partner_id": self.holder.id, "balance_paid": 5}
                )
            # Through an operation the same user moves the balance, and the move is theirs.
            move = mine.topup(10.0, self.key(), ref="desk")
            self.assertEqual(move.user_id, user)
        self.assertEqual(card.balance_paid, 120.0)
        self.assertLedgerSound(card)

    def test_bureau_neither_reads_nor_writes_cards(self):
        bureau = new_test_user(self.env, "card_bureau", groups="sports_venue.group_sports_bureau")
        card = self.funded_card(100.0)
        # Issue 17: bureaus see aggregates only; a card names its holder.
        with self.assertRaises(AccessError):
            card.with_user(bureau).read(["balance_paid"])
        with self.assertRaises(AccessError):
            card.with_user(bureau).write({"uid": "X"})
        with self.assertRaises(AccessError):
            card.with_user(bureau).charge(1.0, self.key(), ref="x")
        with self.assertRaises(AccessError):
            card.with_user(bureau).freeze()
        self.assertEqual((card.balance_paid, card.state), (100.0, "active"))

    def test_portal_holder_reads_own_cards_and_moves_only(self):
        portal = new_test_user(self.env, "card_portal", groups="base.group_portal")
        portal.partner_id.phone = "13600136000"
        mine = self.new_card(partner_id=portal.partner_id.id)
        mine.topup(10.0, self.key(), ref="x")
        theirs = self.funded_card(10.0)
        Card = self.Card.with_user(portal)
        self.assertEqual(Card.search([]), mine)
        self.assertEqual(self.Move.with_user(portal).search([]).card_id, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(portal).read(["balance_paid"])
        with self.assertRaises(AccessError):
            Card.browse(mine.id).charge(1.0, self.key(), ref="x")


@tagged("post_install", "-at_install")
class TestBureauReadsNoCards(ArenaVenueCase):
    """Bureaus read no cards nor ledgers, not even of the operators below them (issue 17:
    aggregates only), and write nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cards = {}
        for operator in (cls.operator_a, cls.operator_b):
            card_type = cls.env["sports.card.type"].create(
                {
                    "name": f"Entries {operator.name}",
                    "kind": "count",
                    "uses": 5,
                    "validity_days": 30,
                    "company_id": operator.id,
                }
            )
            holder = cls.env["res.partner"].create(
                {"name": f"Member {operator.name}", "phone": "13800138000"}
            )
            cls.cards[operator] = cls.env["sports.card"].create(
                {"type_id": card_type.id, "partner_id": holder.id, "company_id": operator.id}
            )
        cls.district_user = cls._bureau_user("card_bureau_a", cls.district_a)
        cls.city_user = cls._bureau_user("card_bureau_city", cls.city)

    def test_city_bureau_reads_no_cards_nor_moves(self):
        env = self.env(user=self.city_user)
        both = self.cards[self.operator_a] | self.cards[self.operator_b]
        with self.assertRaises(AccessError):
            env["sports.card"].search([("id", "in", both.ids)])
        with self.assertRaises(AccessError):
            env["sports.card.move"].search([("card_id", "in", both.ids)])

    def test_district_bureau_reads_no_card_and_writes_nothing(self):
        env = self.env(user=self.district_user)
        mine, sibling = self.cards[self.operator_a], self.cards[self.operator_b]
        for card in (mine, sibling):
            with self.assertRaises(AccessError):
                env["sports.card"].browse(card.id).read(["remaining_uses"])
        with self.assertRaises(AccessError):
            env["sports.card"].browse(mine.id).write({"uid": "HIJACK"})
        with self.assertRaises(AccessError):
            env["sports.card"].browse(mine.id).use(1, "bureau-try")
        with self.assertRaises(AccessError):
            env["sports.card.type"].browse(mine.type_id.id).write({"uses": 99})
        self.assertEqual(mine.remaining_uses, 5)
