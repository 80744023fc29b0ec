"""Issue 12 on member cards: bad input is a 422 with nothing written, keys are checked
against their arguments, rights come before locks, and the integrity check is a manager's
look at their own companies."""

import math

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import CardCase


@tagged("post_install", "-at_install")
class TestCardInput(CardCase):
    def assertNothingWritten(self, card, func, exception=ValidationError):
        moves = self.Move.search_count([])
        balances = (card.balance_paid, card.balance_bonus, card.remaining_uses, card.state)
        with self.assertRaises(exception) as caught:
            func()
        self.assertEqual(self.Move.search_count([]), moves)
        card.invalidate_recordset()
        self.assertEqual(
            (card.balance_paid, card.balance_bonus, card.remaining_uses, card.state), balances
        )
        return caught.exception

    def test_non_finite_huge_and_negative_amounts_are_refused(self):
        card = self.funded_card(100.0)
        for amount in (math.nan, math.inf, -math.inf, 1e308, -5.0, [5], {"a": 5}):
            self.assertNothingWritten(card, lambda a=amount: card.topup(a, self.key()))
            self.assertNothingWritten(card, lambda a=amount: card.charge(a, self.key()))
        # An adjustment may be negative, but not infinite or absurd.
        for amount in (math.nan, math.inf, -math.inf, 1e308, -1e308, [5], "many"):
            self.assertNothingWritten(card, lambda a=amount: card.adjust("fix", self.key(), paid=a))
            self.assertNothingWritten(
                card, lambda a=amount: card.adjust("fix", self.key(), bonus=a)
            )
        for uses in (1.5, math.nan, 10**12, "3"):
            self.assertNothingWritten(card, lambda u=uses: card.adjust("fix", self.key(), uses=u))

    def test_desk_topups_have_an_upper_bound(self):
        card = self.new_card()
        self.assertEqual(self.company.card_topup_max, 50000.0)
        error = self.assertNothingWritten(card, lambda: card.topup(50000.01, self.key()))
        self.assertIn("50000", str(error))
        self.assertNothingWritten(card, lambda: card.topup(1e12, self.key()))
        card.topup(50000.0, self.key())
        self.assertEqual(card.balance_paid, 50000.0)
        self.company.card_topup_max = 100000.0
        card.topup(60000.0, self.key())
        self.assertEqual(card.balance_paid, 110000.0)

    def test_long_and_control_character_keys_are_refused_and_never_echoed(self):
        card = self.funded_card(100.0)
        for key in ("k" * 129, "a\x00b", "a\x1fb", 12, ["k"], None, "   "):
            self.assertNothingWritten(card, lambda k=key: card.charge(1.0, k))
            self.assertNothingWritten(card, lambda k=key: card.topup(1.0, k))
            self.assertNothingWritten(card, lambda k=key: card.use(self.court.id, k))
            self.assertNothingWritten(card, lambda k=key: card.adjust("fix", k, paid=1.0))
        for key in ("k" * 129, "a\x00b"):
            self.assertNothingWritten(card, lambda k=key: card.refund(k))
        # A reused key of the maximum length is named, not repeated, in the refusal.
        key = "K" * 128
        card.charge(1.0, key)
        error = self.assertNothingWritten(card, lambda: card.charge(2.0, key), UserError)
        self.assertNotIn(key, str(error))
        self.assertNothingWritten(card, lambda: card.topup(2.0, key), UserError)

    def test_refs_notes_and_uids_with_control_characters_are_refused(self):
        card = self.funded_card(100.0)
        self.assertNothingWritten(card, lambda: card.charge(1.0, self.key(), ref="a\x00b"))
        self.assertNothingWritten(card, lambda: card.topup(1.0, self.key(), ref="r" * 300))
        self.assertNothingWritten(card, lambda: card.adjust("a\x00b", self.key(), paid=1.0))
        self.assertNothingWritten(card, lambda: card.replace("04\x00A1"))
        self.assertNothingWritten(card, lambda: card.replace(12345))

    def test_records_are_taken_as_ids_and_checked(self):
        card = self.funded_card(100.0, type_id=self.value_type.id)
        self.value_type.venue_ids = [Command.set(self.venue.ids)]
        income = self.company.card_revenue_account_id.copy({"code": "600199"})
        move = card.charge(
            10.0,
            self.key(),
            venue=self.venue.id,
            revenue_account=income.id,
            source=f"sports.space,{self.court.id}",
        )
        self.assertEqual((move.res_model, move.res_id), ("sports.space", self.court.id))
        move._post_pending_accounting()  # the spend's entry is the batch's
        self.assertIn(income, move.account_move_id.line_ids.account_id)
        card.charge(10.0, self.key(), space=self.court.id, source=self.court)
        self.assertEqual(card.balance_paid, 80.0)
        for bad in ("abc", 0, -1, 2**40, 99999999, [1], {"id": 1}, 1.5, True):
            self.assertNothingWritten(card, lambda b=bad: card.charge(1.0, self.key(), venue=b))
            self.assertNothingWritten(card, lambda b=bad: card.charge(1.0, self.key(), space=b))
            self.assertNothingWritten(
                card, lambda b=bad: card.charge(1.0, self.key(), revenue_account=b)
            )
            self.assertNothingWritten(
                card, lambda b=bad: card.topup(1.0, self.key(), counterpart_account=b)
            )
            self.assertNothingWritten(card, lambda b=bad: card.transfer(b))
        for bad in ("sports.space", "no.model,1", "sports.space,abc", f"sports.space,{2**40}", 5):
            self.assertNothingWritten(card, lambda b=bad: card.charge(1.0, self.key(), source=b))
        # A wrong model given as a record is refused too.
        self.assertNothingWritten(card, lambda: card.charge(1.0, self.key(), venue=self.court))
        self.assertLedgerSound(card)

    def test_records_of_another_company_are_refused(self):
        other = self.env["res.company"].create({"name": "Other Card Co"})
        other_venue = self.env["sports.venue"].create(
            {"name": "Elsewhere", "code": "TCELSE", "company_id": other.id}
        )
        cashier = new_test_user(
            self.env, "card_input_cashier", groups="sports_venue.group_arena_user"
        )
        card = self.funded_card(100.0).with_user(cashier)
        self.assertNothingWritten(
            card, lambda: card.charge(1.0, self.key(), venue=other_venue.id), AccessError
        )
        other_partner = self.env["res.partner"].create(
            {"name": "Elsewhere", "phone": "13900139111", "company_id": other.id}
        )
        self.assertNothingWritten(card, lambda: card.transfer(other_partner.id), AccessError)


@tagged("post_install", "-at_install")
class TestCardKeys(CardCase):
    """Item 11: a key reused with other arguments is refused; the same call gets its move."""

    def test_topup_key_reused_with_another_amount_is_refused(self):
        card = self.new_card()
        key = self.key()
        first = card.topup(50.0, key)
        self.assertEqual(card.topup(50.0, key), first)
        with self.assertRaisesRegex(UserError, "already used"):
            card.topup(70.0, key)
        self.assertEqual(card.balance_paid, 50.0)

    def test_use_key_reused_on_another_space_is_refused(self):
        card = self.new_card(self.count_type)
        lane2 = self.lane.copy({"name": "Lane 2"})
        key = self.key()
        first = card.use(self.lane.id, key)
        self.assertEqual(card.use(self.lane, key), first)
        with self.assertRaisesRegex(UserError, "already used"):
            card.use(lane2.id, key)
        self.assertEqual(card.remaining_uses, 9)

    def test_adjust_key_reused_with_other_changes_is_refused(self):
        card = self.funded_card(100.0)
        key = self.key()
        first = card.adjust("fix", key, paid=5.0)
        self.assertEqual(card.adjust("fix", key, paid=5.0), first)
        for changes in ({"paid": 6.0}, {"paid": 5.0, "bonus": 1.0}, {"paid": 5.0, "uses": 1}):
            with self.assertRaisesRegex(UserError, "already used"):
                card.adjust("fix", key, **changes)
        self.assertEqual(card.balance_paid, 105.0)

    def test_charge_key_reused_for_another_source_is_refused(self):
        card = self.funded_card(100.0)
        key = self.key()
        first = card.charge(10.0, key, source=self.court)
        self.assertEqual(card.charge(10.0, key, source=self.court.id and self.court), first)
        with self.assertRaisesRegex(UserError, "already used"):
            card.charge(10.0, key, source=self.lane)
        self.assertEqual(card.balance_paid, 90.0)

    def test_refund_key_is_one_refund(self):
        card = self.funded_card(100.0)
        other = self.funded_card(100.0, uid="REFUND-OTHER")
        key = self.key()
        first = card.refund(key)
        self.assertEqual(card.refund(key), first)
        with self.assertRaisesRegex(UserError, "already used"):
            other.refund(key)
        self.assertEqual(other.state, "active")


@tagged("post_install", "-at_install")
class TestCardIntegrityCheck(CardCase):
    """Item 6: the integrity check is a manager's, on their own companies."""

    def test_integrity_check_is_for_managers(self):
        card = self.funded_card(100.0)
        portal = new_test_user(self.env, "card_rf_portal", groups="base.group_portal")
        portal.partner_id.phone = "13600136001"
        own = self.new_card(partner_id=portal.partner_id.id)
        for login, groups in (
            ("card_rf_user", "sports_venue.group_arena_user"),
            ("card_rf_bureau2", "sports_venue.group_sports_bureau"),
        ):
            user = new_test_user(self.env, login, groups=groups)
            with self.assertRaises(AccessError):
                card.with_user(user).action_check_balance_integrity()
            with self.assertRaises(AccessError):
                self.Card.with_user(user).action_check_balance_integrity()
        with self.assertRaises(AccessError):
            own.with_user(portal).action_check_balance_integrity()
        manager = new_test_user(
            self.env, "card_rf_manager", groups="sports_venue.group_arena_manager"
        )
        result = card.with_user(manager).action_check_balance_integrity()
        self.assertEqual(result["params"]["type"], "success")

    def test_integrity_check_covers_the_callers_companies_only(self):
        other = self.env["res.company"].create({"name": "Other Integrity Co"})
        other_type = self.env["sports.card.type"].create(
            {"name": "Other", "kind": "stored_value", "company_id": other.id}
        )
        theirs = self.Card.create({"type_id": other_type.id, "partner_id": self.holder.id})
        mine = self.funded_card(100.0)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sports_card SET balance_paid = 7 WHERE id IN %s", [(mine.id, theirs.id)]
        )
        self.env.invalidate_all()
        manager = new_test_user(
            self.env,
            "card_rf_manager2",
            groups="sports_venue.group_arena_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaisesRegex(UserError, mine.name) as caught:
            self.Card.with_user(manager).action_check_balance_integrity()
        self.assertNotIn(theirs.name, str(caught.exception))
        # Naming the other company's card does not reach it either.
        with self.assertRaises(AccessError):
            self.Card.with_user(manager).browse(theirs.id).action_check_balance_integrity()
