from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.sports_booking.tests.common import BookingCase

from .common import AccessCase, local

AT = local("2026-11-25T10:00:00+08:00")


@tagged("post_install", "-at_install")
class TestAccessRules(AccessCase):
    def test_single_entry_ticket_opens_once(self):
        ticket = self.ticket()
        self.assertDecision(self.verify(ticket.qr_token, "pool-in-1", AT), "granted")
        self.assertEqual(ticket.uses_left, 0)
        exit_ = self.verify(ticket.qr_token, "pool-out-1", AT + timedelta(minutes=30))
        self.assertDecision(exit_, "granted")
        again = self.verify(ticket.qr_token, "pool-in-1", AT + timedelta(minutes=40))
        self.assertDecision(again, "denied", "no_uses_left")
        self.assertEqual(ticket.uses_left, 0)

    def test_anti_passback_and_anti_sharing(self):
        ticket = self.ticket(counted=False, uses_left=0, area_ids=[Command.clear()])
        token = ticket.qr_token
        self.assertDecision(self.verify(token, "pool-in-1", AT), "granted")
        # The same code at the other pool gate a minute later: handed on.
        self.assertDecision(
            self.verify(token, "pool-in-2", AT + timedelta(minutes=1)), "denied", "sharing"
        )
        # At the same gate after the sharing window: still inside, no exit.
        self.assertDecision(
            self.verify(token, "pool-in-1", AT + timedelta(minutes=5)), "denied", "passback"
        )
        self.assertDecision(self.verify(token, "pool-out-1", AT + timedelta(minutes=50)), "granted")
        self.assertDecision(self.verify(token, "pool-in-2", AT + timedelta(minutes=55)), "granted")
        # The gym has no anti-passback; other areas are not blocked by the pool.
        self.assertDecision(self.verify(token, "gym-in-1", AT + timedelta(minutes=60)), "granted")
        self.assertDecision(self.verify(token, "gym-in-1", AT + timedelta(minutes=61)), "granted")
        denied = self.Event.search(
            [("entitlement_id", "=", ticket.id), ("decision", "=", "denied")]
        )
        self.assertEqual(sorted(denied.mapped("reason")), ["passback", "sharing"])

    def test_time_slot_ticket_closes_after_its_slot_from_the_first_entry(self):
        ticket = self.ticket(ticket_kind="slot", counted=False, uses_left=0, slot_minutes=120)
        first = AT + timedelta(hours=1)
        self.assertDecision(self.verify(ticket.qr_token, "pool-in-1", first), "granted")
        self.assertEqual(ticket.first_entry_at, first)
        self.assertEqual(ticket.valid_to, first + timedelta(minutes=120))
        self.verify(ticket.qr_token, "pool-out-1", first + timedelta(minutes=30))
        self.assertDecision(
            self.verify(ticket.qr_token, "pool-in-1", first + timedelta(minutes=60)), "granted"
        )
        self.verify(ticket.qr_token, "pool-out-1", first + timedelta(minutes=70))
        self.assertDecision(
            self.verify(ticket.qr_token, "pool-in-1", first + timedelta(minutes=121)),
            "denied",
            "expired",
        )

    def test_two_way_point_turns_a_second_read_into_an_exit(self):
        ticket = self.ticket(counted=False, uses_left=0, area_ids=[Command.set(self.court.ids)])
        entry = self.verify(ticket.qr_token, "court-1", AT)
        leave = self.verify(ticket.qr_token, "court-1", AT + timedelta(minutes=10))
        self.assertDecision(entry, "granted")
        self.assertDecision(leave, "granted")
        events = self.Event.search([("uuid", "in", [entry["uuid"], leave["uuid"]])])
        self.assertEqual(sorted(events.mapped("direction")), ["in", "out"])

    def test_verify_with_the_same_uuid_returns_the_first_decision(self):
        ticket = self.ticket()
        first = self.Gate._verify(
            ticket.qr_token,
            "pool-in-1",
            self.venue,
            uuid="0e9f63b2-3f4c-4f53-9d1a-1f0c5d3b7a10",
            at=AT,
        )
        again = self.Gate._verify(
            ticket.qr_token,
            "pool-in-1",
            self.venue,
            uuid="0e9f63b2-3f4c-4f53-9d1a-1f0c5d3b7a10",
            at=AT,
        )
        self.assertEqual(first, again)
        self.assertDecision(again, "granted")
        self.assertEqual(self.Event.search_count([("entitlement_id", "=", ticket.id)]), 1)
        self.assertEqual(ticket.uses_left, 0)

    def test_count_card_entries_are_counted_once_and_capped_daily(self):
        card_type = self.env["sports.card.type"].create(
            {
                "name": "游泳次卡",
                "kind": "count",
                "uses": 3,
                "validity_days": 365,
                "daily_cap": 2,
                "sport_ids": [Command.set(self.swimming.ids)],
            }
        )
        card = self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.holder.id, "uid": "04:a1:b2:c3"}
        )
        entitlement = card.access_entitlement_id
        self.assertIn(self.pool, entitlement.area_ids)
        self.assertNotIn(self.gym, entitlement.area_ids)
        self.assertEqual(sorted(entitlement.credential_ids.mapped("kind")), ["qr", "uid"])
        self.assertIn("04A1B2C3", entitlement.credential_ids.mapped("value"))
        now = fields.Datetime.now()
        self.venue.resource_calendar_id = False  # open around the clock for a real-time test
        self.assertDecision(self.verify("04A1B2C3", "pool-in-1", now), "granted")
        self.assertEqual(card.remaining_uses, 2)
        self.assertEqual(entitlement.uses_left, 2)
        self.verify("04A1B2C3", "pool-out-1", now + timedelta(minutes=1))
        self.assertDecision(
            self.verify("04A1B2C3", "pool-in-1", now + timedelta(minutes=2)), "granted"
        )
        self.verify("04A1B2C3", "pool-out-1", now + timedelta(minutes=3))
        self.assertDecision(
            self.verify("04A1B2C3", "pool-in-1", now + timedelta(minutes=4)), "denied", "daily_cap"
        )
        self.assertEqual(card.remaining_uses, 1)
        uses = card.move_ids.filtered(lambda m: m.kind == "use")
        self.assertEqual(len(uses), 2)
        self.assertTrue(all(key.startswith("access-") for key in uses.mapped("idempotency_key")))
        # Not valid in the gym: the card type is for swimming.
        self.assertDecision(
            self.verify("04A1B2C3", "gym-in-1", now + timedelta(minutes=5)), "denied", "wrong_area"
        )

    def test_lost_card_revokes_its_uid_and_the_replacement_opens(self):
        card_type = self.env["sports.card.type"].create(
            {"name": "月卡", "kind": "period", "price": 99.0, "validity_months": 1}
        )
        card = self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.holder.id, "uid": "AA11"}
        )
        self.venue.resource_calendar_id = False
        now = fields.Datetime.now()
        self.assertDecision(self.verify("AA11", "gym-in-1", now), "granted")
        new = card.action_replace("BB22")
        self.assertDecision(
            self.verify("AA11", "gym-in-1", now + timedelta(minutes=5)), "denied", "revoked"
        )
        self.assertDecision(self.verify("BB22", "gym-in-1", now + timedelta(minutes=6)), "granted")
        new.action_freeze()
        self.assertDecision(
            self.verify("BB22", "gym-in-1", now + timedelta(minutes=9)), "denied", "frozen"
        )

    def test_a_use_taken_meanwhile_is_not_taken_twice(self):
        """The entry count is decremented in SQL and never below zero, whatever the cache
        of the deciding transaction says (a second gate admitted the ticket meanwhile)."""
        ticket = self.ticket()
        self.assertEqual(ticket.uses_left, 1)
        self.env.cr.execute(
            "UPDATE sports_access_entitlement SET uses_left = 0 WHERE id = %s", [ticket.id]
        )
        error = ticket._consume(AT)
        self.assertIn("No entry left", error)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.uses_left, 0)


@tagged("post_install", "-at_install")
class TestBookingAccess(BookingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area = cls.env["sports.area"].create({"name": "Hall", "venue_id": cls.venue.id})
        cls.other_area = cls.env["sports.area"].create({"name": "Pool", "venue_id": cls.venue.id})
        cls.half_a.area_id = cls.area
        Point = cls.env["sports.access.point"]
        Point.create({"name": "Hall", "code": "hall-in", "area_id": cls.area.id})
        Point.create({"name": "Pool", "code": "pool-in", "area_id": cls.other_area.id})

    def verify(self, token, point, at):
        return self.env["sports.access.gate"]._verify(token, point, self.venue, at=at)

    def test_booking_opens_its_area_from_15_minutes_before_start_until_cancelled(self):
        booking = self.book(self.half_a, 1, 10, channel="portal")
        Entitlement = self.env["sports.access.entitlement"]
        self.assertFalse(Entitlement.search([("booking_id", "=", booking.id)]), "held: no pass")
        booking.action_confirm()
        entitlement = Entitlement.search([("booking_id", "=", booking.id)])
        start = booking.start_at
        self.assertEqual(entitlement.valid_from, start - timedelta(minutes=15))
        self.assertEqual(entitlement.valid_to, booking.end_at)
        self.assertEqual(entitlement.area_ids, self.area)
        self.assertFalse(entitlement.opening_hours)
        token = entitlement.qr_token
        answer = self.verify(token, "hall-in", start - timedelta(minutes=16))
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "not_yet_valid"))
        answer = self.verify(token, "pool-in", start)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "wrong_area"))
        answer = self.verify(token, "hall-in", start - timedelta(minutes=14))
        self.assertEqual(answer["decision"], "granted")
        booking.action_cancel()
        self.assertEqual(entitlement.state, "revoked")
        self.assertEqual(entitlement.credential_ids.state, "revoked")
        answer = self.verify(token, "hall-in", start + timedelta(minutes=5))
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))

    def test_moving_a_booking_reissues_its_qr(self):
        booking = self.book(self.half_a, 2, 10)
        self.assertEqual(booking.state, "confirmed")
        entitlement = self.env["sports.access.entitlement"].search(
            [("booking_id", "=", booking.id)]
        )
        old_token = entitlement.qr_token
        booking.write(
            {
                "start_at": booking.start_at + timedelta(hours=2),
                "end_at": booking.end_at + timedelta(hours=2),
            }
        )
        self.assertNotEqual(entitlement.qr_token, old_token)
        self.assertEqual(entitlement.valid_from, booking.start_at - timedelta(minutes=15))
        answer = self.verify(old_token, "hall-in", booking.start_at)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))
        answer = self.verify(entitlement.qr_token, "hall-in", booking.start_at)
        self.assertEqual(answer["decision"], "granted")
