from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_booking.tests.common import BookingCase


@tagged("post_install", "-at_install")
class TestPayBookingWithCard(BookingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company._arena_card_accounting()
        cls.customer.phone = "13800138001"
        Type = cls.env["sports.card.type"]
        cls.member_type = Type.create(
            {"name": "Member Stored Value", "kind": "stored_value", "member_price": True}
        )
        cls.plain_type = Type.create({"name": "Plain Stored Value", "kind": "stored_value"})
        cls.env["sports.price.rule"].create(
            {
                "name": "Member",
                "venue_id": cls.venue.id,
                "price_per_hour": 60.0,
                "customer_tier": "member",
                "sequence": 1,
            }
        )
        cls.Card = cls.env["sports.card"]

    def test_paying_a_held_booking_debits_once_and_confirms_it(self):
        card = self.Card.create({"type_id": self.plain_type.id, "partner_id": self.customer.id})
        card.topup(500.0, "topup-booking-1", ref="wx")
        booking = self.book(self.half_a, 1, 10, channel="portal")
        self.assertEqual((booking.state, booking.amount_total), ("held", 100.0))
        move = booking.pay_with_card(card)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(card.balance_paid, 400.0)
        self.assertEqual(move.idempotency_key, f"booking-{booking.id}")
        self.assertEqual((move.res_model, move.res_id), ("sports.booking", booking.id))
        self.assertEqual(booking.pay_with_card(card), move)
        self.assertEqual(card.balance_paid, 400.0)

    def test_a_card_too_poor_leaves_the_booking_held(self):
        card = self.Card.create({"type_id": self.plain_type.id, "partner_id": self.customer.id})
        card.topup(50.0, "topup-booking-2", ref="wx")
        booking = self.book(self.half_a, 1, 12, channel="portal")
        with self.assertRaises(UserError):
            booking.pay_with_card(card)
        self.assertEqual(booking.state, "held")
        self.assertEqual(card.balance_paid, 50.0)

    def test_a_card_limited_to_other_sports_cannot_pay_the_booking(self):
        swim_only = self.env["sports.card.type"].create(
            {
                "name": "Swim Stored Value",
                "kind": "stored_value",
                "sport_ids": [Command.set(self.env.ref("sports_venue.sport_swimming").ids)],
            }
        )
        card = self.Card.create({"type_id": swim_only.id, "partner_id": self.customer.id})
        card.topup(500.0, "topup-booking-3", ref="wx")
        booking = self.book(self.half_a, 1, 14, channel="portal")  # a basketball half court
        with self.assertRaisesRegex(UserError, "not valid on"):
            booking.pay_with_card(card)
        self.assertEqual(booking.state, "held")
        self.assertEqual(card.balance_paid, 500.0)
        self.assertFalse(card.move_ids.filtered(lambda m: m.kind == "spend"))

    def test_member_card_holders_and_family_book_at_member_prices(self):
        self.customer2.phone = "13800138002"
        self.assertEqual(self.book(self.court2, 1, 8).amount_total, 100.0)
        card = self.Card.create(
            {
                "type_id": self.member_type.id,
                "partner_id": self.customer.id,
                "partner_ids": [Command.set(self.customer2.ids)],
            }
        )
        self.assertEqual(self.book(self.court2, 1, 9).amount_total, 60.0)
        self.assertEqual(self.book(self.court2, 1, 10, partner=self.customer2).amount_total, 60.0)
        card.freeze()
        self.assertEqual(self.book(self.court2, 1, 11).amount_total, 100.0)

    def test_bad_cards_and_callers_without_booking_rights_are_refused_first(self):
        card = self.Card.create({"type_id": self.plain_type.id, "partner_id": self.customer.id})
        card.topup(500.0, "topup-booking-4", ref="wx")
        booking = self.book(self.half_a, 1, 16, channel="portal")
        for bad in ("card", 0, 2**40, [card.id], 1.5, self.customer):
            with self.assertRaises(ValidationError):
                booking.pay_with_card(bad)
        bureau = new_test_user(self.env, "mb_pay_bureau", groups="sports_venue.group_sports_bureau")
        with self.assertRaises(AccessError):
            booking.with_user(bureau).pay_with_card(card.id)
        self.assertEqual(booking.state, "held")
        self.assertEqual(card.balance_paid, 500.0)
