from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

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

    def test_two_way_point_reads_the_pass_not_the_credential(self):
        # One pass, two credentials: in by QR, then the card of the same pass leaves, as
        # the proxy decides it offline (its passages are per entitlement).
        ticket = self.ticket(counted=False, uses_left=0, area_ids=[Command.set(self.court.ids)])
        self.env["sports.access.credential"].create(
            {"kind": "uid", "entitlement_id": ticket.id, "value": "04A1B2C3"}
        )
        entry = self.verify(ticket.qr_token, "court-1", AT)
        leave = self.verify(
            {"kind": "uid", "value": "04:a1:b2:c3"}, "court-1", AT + timedelta(minutes=10)
        )
        self.assertDecision(entry, "granted")
        self.assertDecision(leave, "granted")
        events = self.Event.search([("uuid", "in", [entry["uuid"], leave["uuid"]])])
        self.assertEqual(events.entitlement_id, ticket)
        self.assertEqual(
            {event.credential_kind: event.direction for event in events}, {"qr": "in", "uid": "out"}
        )

    def test_credential_kinds_are_arena_access_kinds(self):
        from arena_access import credentials

        kinds = self.env["sports.access.credential"]._fields["kind"].get_values(self.env)
        self.assertEqual(kinds, list(credentials.KINDS))

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
