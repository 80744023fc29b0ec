from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from arena_access import token as qrtoken

from .common import AccessCase, local

AT = local("2026-11-25T10:00:00+08:00")


@tagged("post_install", "-at_install")
class TestQrToken(AccessCase):
    def test_token_is_compact_and_verifies_offline_with_the_public_key(self):
        ticket = self.ticket()
        token = ticket.qr_token
        self.assertEqual(len(token), 131)
        self.assertNotIn("=", token)
        keys = self.env["sports.access.key"]._trusted(self.company)
        claims = qrtoken.verify(token, {k.key_id: bytes.fromhex(k.public_key) for k in keys})
        qr = ticket.credential_ids
        self.assertEqual((claims.code, claims.nonce), (qr.code, qr.nonce))
        self.assertEqual((claims.venue_id, claims.kind), (self.venue.id, "ticket"))
        self.assertEqual(claims.valid_to - claims.valid_from, 86400)

    def test_forged_signature_and_wrong_key_are_rejected(self):
        token = self.ticket().qr_token
        raw = qrtoken.unb64url(token)
        forged = qrtoken.b64url(raw[:-64] + bytes(64))
        self.assertDecision(self.verify(forged, "pool-in-1", AT), "denied", "invalid_signature")
        # The same claims signed by a key the company does not trust.
        claims = qrtoken.peek(token)[0]
        rogue = qrtoken.sign(
            "11" * 32,
            claims.code,
            claims.venue_id,
            claims.kind,
            claims.valid_from,
            claims.valid_to,
            claims.nonce,
        )
        self.assertDecision(self.verify(rogue, "pool-in-1", AT), "denied", "invalid_signature")
        self.assertDecision(self.verify(token, "pool-in-1", AT), "granted")

    def test_replayed_payload_with_another_nonce_is_rejected(self):
        """A genuine signature over a nonce that is not the credential's own is refused."""
        ticket = self.ticket()
        qr = ticket.credential_ids
        key = qr.key_id
        other = qrtoken.sign(
            key.sudo().private_key,
            qr.code,
            self.venue.id,
            "ticket",
            1795968000,
            1796054400,
            "ffffffffffffffff",
        )
        self.assertDecision(self.verify(other, "pool-in-1", AT), "denied", "invalid_signature")

    def test_rotation_keeps_issued_codes_valid_until_they_expire(self):
        old_ticket = self.ticket()
        old_key = old_ticket.credential_ids.key_id
        old_key.action_rotate()
        self.assertEqual(old_key.state, "retired")
        new_ticket = self.ticket(name="After rotation")
        new_key = new_ticket.credential_ids.key_id
        self.assertNotEqual(new_key, old_key)
        self.assertEqual(new_key.state, "active")
        trusted = self.env["sports.access.key"]._trusted(self.company, at=AT)
        self.assertEqual(trusted, old_key | new_key)
        self.assertDecision(self.verify(old_ticket.qr_token, "pool-in-1", AT), "granted")
        self.assertDecision(self.verify(new_ticket.qr_token, "pool-in-2", AT), "granted")
        # Once everything it signed has expired, the retired key is trusted no more.
        later = old_key.valid_until + timedelta(seconds=1)
        self.assertEqual(self.env["sports.access.key"]._trusted(self.company, at=later), new_key)

    def test_private_key_is_for_managers_only(self):
        self.ticket()
        staff = new_test_user(self.env, "acc_staff", groups="sports_venue.group_arena_user")
        manager = new_test_user(self.env, "acc_manager", groups="sports_venue.group_arena_manager")
        key = self.env["sports.access.key"].search([("company_id", "=", self.company.id)])[:1]
        with self.assertRaises(AccessError):
            key.with_user(staff).read(["public_key"])
        self.assertTrue(key.with_user(manager).private_key)
        with self.assertRaises(AccessError):
            key.with_user(staff).action_rotate()

    def test_malformed_inputs_never_crash(self):
        for garbage in ("", " ", "x" * 600, "A" * 131, "😀" * 130, None, 12, ["a"], {"k": 1}):
            with self.subTest(garbage=repr(garbage)[:20]):
                answer = self.verify(garbage, "pool-in-1", AT)
                self.assertEqual(answer["decision"], "denied")
                self.assertIn(
                    answer["reason"], ("malformed", "unknown_credential", "invalid_signature")
                )

    def test_revoked_ticket_is_denied_and_listed(self):
        ticket = self.ticket()
        token = ticket.qr_token
        ticket._revoke("refund")
        self.assertFalse(ticket.qr_token)
        qr = ticket.credential_ids
        self.assertEqual((qr.state, qr.revoke_reason), ("revoked", "refund"))
        self.assertTrue(qr.revoked_at <= fields.Datetime.now())
        self.assertDecision(self.verify(token, "pool-in-1", AT), "denied", "revoked")
