"""Issue 19, events items 2 and 3: each registration's signed QR pass, and gate check-in
marking the registration attended."""

import uuid
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .event_common import EventCase


@tagged("post_install", "-at_install")
class TestEventPass(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls.make_event(days=5, hour=9, hours=8)
        cls.member = new_test_user(
            cls.env, login="sev_pass_member", groups="base.group_portal"
        ).partner_id

    def register(self, partner=None, **vals):
        values = {"event_id": self.event.id, "name": "Wang Wu"}
        if partner:
            values["partner_id"] = partner.id
        values.update(vals)
        return self.Registration.create(values)

    def test_a_registration_gets_a_signed_pass_for_the_event_window(self):
        registration = self.register(self.member)
        entitlement = registration.sports_entitlement_id
        self.assertEqual(entitlement.kind, "event")
        self.assertEqual(entitlement.event_registration_id, registration)
        self.assertEqual(entitlement.partner_id, self.member)
        self.assertEqual(entitlement.venue_ids, self.venue)
        self.assertEqual(entitlement.area_ids, self.area)
        self.assertFalse(entitlement.counted)
        self.assertFalse(entitlement.opening_hours)
        begin, end = self.event.date_begin, self.event.date_end
        self.assertEqual(entitlement.valid_from, begin - timedelta(hours=1))
        self.assertEqual(entitlement.valid_to, end)
        token = entitlement.qr_token
        self.assertTrue(token)
        answer = self.verify(token, begin - timedelta(minutes=61))
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "not_yet_valid"))
        answer = self.verify(token, begin, point="sev-pool-in")
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "wrong_area"))
        answer = self.verify(token, end + timedelta(minutes=1))
        self.assertEqual(answer["decision"], "denied")
        self.assertEqual(registration.state, "open", "denied entries mark nothing")

    def test_a_registration_without_attendee_has_a_pass_without_partner(self):
        registration = self.register()
        self.assertFalse(registration.sports_entitlement_id.partner_id)
        self.assertTrue(registration.sports_entitlement_id.qr_token)

    def test_unconfirmed_then_confirmed_then_cancelled(self):
        registration = self.register(self.member, state="draft")
        self.assertFalse(registration.sports_entitlement_id, "no pass before confirmation")
        registration.action_confirm()
        entitlement = registration.sports_entitlement_id
        token = entitlement.qr_token
        registration.action_cancel()
        self.assertEqual(entitlement.state, "revoked")
        answer = self.verify(token, self.event.date_begin)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))
        # Registered again: a new pass, the revoked one stays revoked.
        registration.action_confirm()
        self.assertNotEqual(registration.sports_entitlement_id, entitlement)
        answer = self.verify(registration.sports_entitlement_id.qr_token, self.event.date_begin)
        self.assertEqual(answer["decision"], "granted", answer)

    def test_moving_the_event_reissues_the_qr_and_cancelling_revokes_it(self):
        registration = self.register(self.member)
        entitlement = registration.sports_entitlement_id
        old_token = entitlement.qr_token
        self.event.write(
            {
                "date_begin": self.event.date_begin + timedelta(days=1),
                "date_end": self.event.date_end + timedelta(days=1),
            }
        )
        self.assertEqual(registration.sports_entitlement_id, entitlement)
        self.assertEqual(entitlement.valid_from, self.event.date_begin - timedelta(hours=1))
        new_token = entitlement.qr_token
        self.assertNotEqual(new_token, old_token)
        answer = self.verify(old_token, self.event.date_begin)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))
        self.event.kanban_state = "cancel"
        self.assertEqual(entitlement.state, "revoked")
        answer = self.verify(new_token, self.event.date_begin)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))

    def test_an_event_without_venue_gives_no_pass(self):
        event = self.Event.create(
            {
                "name": "Online Talk",
                "date_begin": self.event.date_begin,
                "date_end": self.event.date_end,
            }
        )
        registration = self.Registration.create({"event_id": event.id, "name": "X"})
        self.assertFalse(registration.sports_entitlement_id)

    # ------------------------------------------------------------------ check-in
    def test_the_first_granted_entry_marks_the_registration_attended(self):
        registration = self.register(self.member)
        token = registration.sports_entitlement_id.qr_token
        answer = self.verify(token, self.event.date_begin - timedelta(minutes=30))
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual(registration.state, "done")
        # Re-entry after an exit: still granted, still attended, the pass stays.
        self.verify(token, self.event.date_begin, direction="out")
        answer = self.verify(token, self.event.date_begin + timedelta(hours=2))
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual(registration.state, "done")
        self.assertEqual(registration.sports_entitlement_id.state, "active")

    def test_an_uploaded_offline_entry_marks_attended_once(self):
        registration = self.register(self.member)
        at = self.event.date_begin + timedelta(minutes=3)
        item = {
            "uuid": str(uuid.uuid4()),
            "point": "sev-hall-in",
            "credential": registration.sports_entitlement_id.qr_token,
            "direction": "in",
            "decision": "granted",
            "device_time": at.isoformat() + "+00:00",
        }
        Upload = self.env["sports.access.upload"]
        with freeze_time(at + timedelta(minutes=5)):
            result = Upload._upload_events([item], self.venue)
            self.assertEqual(result["accepted"], [item["uuid"]], result)
            self.assertEqual(registration.state, "done")
            messages = len(registration.message_ids)
            result = Upload._upload_events([item, dict(item)], self.venue)
            self.assertIn(item["uuid"], result["duplicates"], result)
        self.assertEqual(registration.state, "done")
        self.assertEqual(len(registration.message_ids), messages, "nothing logged twice")
        self.assertEqual(
            self.env["sports.access.event"].search_count([("uuid", "=", item["uuid"])]), 1
        )

    def test_an_entry_marks_only_its_own_registration(self):
        mine = self.register(self.member)
        other = self.register(name="Zhao Liu")
        answer = self.verify(mine.sports_entitlement_id.qr_token, self.event.date_begin)
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual((mine.state, other.state), ("done", "open"))

    # ------------------------------------------------------------------ who sees the QR
    def test_only_the_attendee_sees_the_qr(self):
        registration = self.register(self.member)
        stranger = new_test_user(self.env, login="sev_pass_stranger", groups="base.group_portal")
        mine = registration._sports_portal_pass(self.member.user_ids)
        self.assertTrue(mine["owner"])
        self.assertTrue(mine["qr_src"].startswith("data:image/png;base64,"))
        self.assertEqual(mine["valid_to"], self.event.date_end)
        theirs = registration._sports_portal_pass(stranger)
        self.assertEqual((theirs["owner"], theirs["qr_src"]), (False, None))
        public = registration._sports_portal_pass(self.env.ref("base.public_user"))
        self.assertIsNone(public["qr_src"])
        registration.action_cancel()
        self.assertIsNone(registration._sports_portal_pass(self.member.user_ids)["qr_src"])
