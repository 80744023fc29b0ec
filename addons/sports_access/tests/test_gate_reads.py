"""The gate's hot path reads the credential and the pass with plain SQL into the ORM's
cache (issue 20): what it reads must be what the ORM would have read."""

from datetime import timedelta

from .common import AccessCase, local

AT = local("2026-11-25T10:00:00")


class TestGateReads(AccessCase):
    def uid_credential(self, ticket, value="04A1B2C3"):
        return self.env["sports.access.credential"].create(
            {"kind": "uid", "entitlement_id": ticket.id, "value": value}
        )

    def test_a_card_value_opens_by_its_active_credential_whatever_its_age(self):
        older, newer = self.ticket(name="Older"), self.ticket(name="Newer")
        first = self.uid_credential(older)
        first._revoke("lost")
        second = self.uid_credential(newer)
        # The newer credential is the active one.
        answer = self.verify({"kind": "uid", "value": "04A1B2C3"}, "pool-in-1", AT)
        self.assertDecision(answer, "granted")
        event = self.Event.search([("uuid", "=", answer["uuid"])])
        self.assertEqual(event.credential_id, second)
        self.assertEqual(event.entitlement_id, newer)
        # Now the older one is active again and the newer one revoked: the older opens,
        # although a revoked credential with a higher id has the same value.
        second._revoke("lost")
        first.write({"state": "active", "revoked_at": False, "revoke_reason": False})
        answer = self.verify({"kind": "uid", "value": "04A1B2C3"}, "gym-in-1", AT)
        event = self.Event.search([("uuid", "=", answer["uuid"])])
        self.assertEqual(event.credential_id, first)
        self.assertEqual(event.entitlement_id, older)
        # With both revoked, the newest revoked one answers, as blocked.
        first._revoke("lost")
        answer = self.verify({"kind": "uid", "value": "04A1B2C3"}, "gym-in-1", AT)
        self.assertEqual(answer["decision"], "denied")
        event = self.Event.search([("uuid", "=", answer["uuid"])])
        self.assertEqual(event.credential_id, second)

    def test_a_found_credential_is_read_with_its_lookup(self):
        ticket = self.ticket()
        credential = self.uid_credential(ticket)
        self.env.invalidate_all()
        found = self.Gate._find_credential(self.company, "uid", "04A1B2C3")
        self.assertEqual(found, credential)
        with self.assertQueryCount(0):
            read = (found.kind, found.state, found.nonce, found.entitlement_id)
        self.env.invalidate_all()
        self.assertEqual(read, (found.kind, found.state, found.nonce, found.entitlement_id))
        self.assertFalse(self.Gate._find_credential(self.company, "uid", "FFFFFFFF"))

    def test_the_lock_reads_what_the_gate_reads_of_the_pass(self):
        ticket = self.ticket(daily_cap=2, slot_minutes=90)
        names = ticket._gate_fields()
        self.env.invalidate_all()
        scope = ticket._lock_for_gate()
        self.assertEqual(scope, ({self.venue.id}, {self.pool.id}))
        with self.assertQueryCount(0):
            read = {name: ticket[name] for name in names}
        self.env.invalidate_all()
        self.assertEqual(read, {name: ticket[name] for name in names})
        self.assertEqual(read["uses_left"], 1)
        self.assertEqual(read["partner_id"], self.holder)

    def test_a_change_not_yet_written_is_what_the_gate_decides_on(self):
        ticket = self.ticket()
        # Pending in the ORM, not yet in the database: the lock statement must see it.
        ticket.write({"uses_left": 0})
        answer = self.verify(ticket.qr_token, "pool-in-1", AT)
        self.assertDecision(answer, "denied", "no_uses_left")
        ticket.write({"uses_left": 1, "valid_to": AT - timedelta(minutes=1)})
        answer = self.verify(ticket.qr_token, "pool-in-1", AT)
        self.assertDecision(answer, "denied", "expired")
        ticket.write({"valid_to": AT + timedelta(hours=1)})
        answer = self.verify(ticket.qr_token, "pool-in-1", AT)
        self.assertDecision(answer, "granted")
        self.assertEqual(ticket.uses_left, 0)
