import uuid
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_access.models.sports_device_reading import READING_COLUMNS

from .common import AccessCase


def iso(value):
    return value.isoformat() + "+00:00"


@tagged("post_install", "-at_install")
class TestUploadEvents(AccessCase):
    def event(self, token, point="pool-in-1", minutes=0, **extra):
        moment = fields.Datetime.now() - timedelta(hours=1) + timedelta(minutes=minutes)
        item = {
            "uuid": str(uuid.uuid4()),
            "point": point,
            "credential": token,
            "direction": self.points[point].direction if point in self.points else "in",
            "decision": "granted",
            "device_time": iso(moment),
        }
        item.update(extra)
        return item

    def test_retried_batch_never_duplicates_and_counts_uses_once(self):
        ticket = self.ticket(
            ticket_kind="multi", uses_total=5, uses_left=5, valid_from=False, valid_to=False
        )
        batch = [
            self.event(ticket.qr_token, minutes=0),
            self.event(ticket.qr_token, "pool-out-1", minutes=30),
            self.event(ticket.qr_token, minutes=40),
        ]
        first = self.Upload._upload_events(batch, self.venue)
        self.assertEqual(len(first["accepted"]), 3)
        self.assertEqual((first["duplicates"], first["rejected"]), ([], []))
        self.assertEqual(ticket.uses_left, 3)
        again = self.Upload._upload_events(batch, self.venue)
        self.assertEqual(again["accepted"], [])
        self.assertEqual(sorted(again["duplicates"]), sorted(e["uuid"] for e in batch))
        self.assertEqual(self.Event.search_count([("entitlement_id", "=", ticket.id)]), 3)
        self.assertEqual(ticket.uses_left, 3)
        # A uuid repeated inside one batch is stored once.
        twice = self.event(ticket.qr_token, "pool-out-1", minutes=50)
        result = self.Upload._upload_events([twice, dict(twice)], self.venue)
        self.assertEqual(result["accepted"], [twice["uuid"]])
        events = self.Event.search([("entitlement_id", "=", ticket.id)])
        self.assertEqual(len(events), 4)
        self.assertEqual(set(events.mapped("source")), {"offline"})
        self.assertEqual(set(events.mapped("credential_ref")), {f"qr:{ticket.credential_ids.code}"})

    def test_partial_bad_batch_stores_the_good_events_and_reports_the_bad(self):
        ticket = self.ticket(counted=False, uses_left=0)
        good = self.event(ticket.qr_token)
        denied = self.event(
            "04FFFFFF", "gym-in-1", minutes=1, decision="denied", reason="unknown_credential"
        )
        batch = [
            good,
            "not an object",
            {**self.event(ticket.qr_token), "uuid": "not-a-uuid"},
            {**self.event(ticket.qr_token), "point": "elsewhere"},
            {**self.event(ticket.qr_token), "direction": "sideways"},
            {**self.event(ticket.qr_token), "decision": "denied", "reason": "bored"},
            {**self.event(ticket.qr_token), "reason": "expired"},
            {**self.event(ticket.qr_token), "device_time": "yesterday"},
            {**self.event(ticket.qr_token), "device_time": "2026-11-25T10:00:00"},
            {**self.event(ticket.qr_token), "device_time": "2099-01-01T00:00:00+08:00"},
            {**self.event(ticket.qr_token), "extra": 1},
            denied,
        ]
        result = self.Upload._upload_events(batch, self.venue)
        self.assertEqual(result["accepted"], [good["uuid"], denied["uuid"]])
        self.assertEqual([r["index"] for r in result["rejected"]], list(range(1, 11)))
        self.assertTrue(all(r["error"] for r in result["rejected"]))
        stored = self.Event.search([("uuid", "=", denied["uuid"])])
        self.assertEqual(
            (stored.decision, stored.reason, stored.credential_id.id),
            ("denied", "unknown_credential", False),
        )
        self.assertEqual(stored.credential_ref, "uid:04FFFFFF")

    def test_batch_must_be_a_list_of_at_most_a_thousand(self):
        with self.assertRaises(UserError):
            self.Api.upload_events({"uuid": "x"})
        with self.assertRaises(UserError):
            self.Api.upload_events([{}] * 1001)

    def test_an_offline_grant_beyond_the_uses_left_is_kept_and_noted(self):
        """The proxy admitted a person offline; the log keeps it even when no entry is left."""
        ticket = self.ticket()
        ticket.sudo().uses_left = 0
        item = self.event(ticket.qr_token)
        result = self.Upload._upload_events([item], self.venue)
        self.assertEqual(result["accepted"], [item["uuid"]])
        event = self.Event.search([("uuid", "=", item["uuid"])])
        self.assertIn("No entry left", event.note)
        self.assertEqual(ticket.uses_left, 0)

    def test_events_are_append_only(self):
        ticket = self.ticket()
        item = self.event(ticket.qr_token)
        self.Upload._upload_events([item], self.venue)
        event = self.Event.search([("uuid", "=", item["uuid"])])
        with self.assertRaises(UserError):
            event.write({"decision": "denied"})
        with self.assertRaises(UserError):
            event.unlink()


@tagged("post_install", "-at_install")
class TestUploadReadings(AccessCase):
    def test_readings_are_idempotent_and_bound_to_the_callers_devices(self):
        counter = self.env["sports.device"].create(
            {
                "name": "Counter",
                "identifier": "counter-t",
                "kind": "counter",
                "venue_id": self.venue.id,
            }
        )
        other_venue = self.env["sports.venue"].create({"name": "Else", "code": "TELS"})
        self.env["sports.device"].create(
            {
                "name": "Meter",
                "identifier": "meter-else",
                "kind": "energy",
                "venue_id": other_venue.id,
            }
        )
        now = fields.Datetime.now()
        good = {
            "uuid": str(uuid.uuid4()),
            "device": "counter-t",
            "metric": "people_in",
            "value": 12,
            "measured_at": iso(now - timedelta(minutes=5)),
        }
        batch = [
            good,
            {**good, "uuid": str(uuid.uuid4()), "device": "meter-else"},
            {**good, "uuid": str(uuid.uuid4()), "metric": "temperature"},
            {**good, "uuid": str(uuid.uuid4()), "value": "12"},
            {**good, "uuid": str(uuid.uuid4()), "value": float("nan")},
        ]
        result = self.Upload._upload_readings(batch, self.venue)
        self.assertEqual(result["accepted"], [good["uuid"]])
        self.assertEqual([r["index"] for r in result["rejected"]], [1, 2, 3, 4])
        again = self.Upload._upload_readings([good], self.venue)
        self.assertEqual((again["accepted"], again["duplicates"]), ([], [good["uuid"]]))
        reading = self.env["sports.device.reading"].search([("device_id", "=", counter.id)])
        self.assertEqual(
            (reading.metric, reading.value, reading.venue_id), ("people_in", 12.0, self.venue)
        )
        staff = new_test_user(self.env, "acc_reading_staff", groups="sports_venue.group_arena_user")
        Reading = self.env["sports.device.reading"].with_user(staff)
        with self.assertRaises(AccessError):
            Reading.create({"uuid": "x"})
        with self.assertRaises(AccessError):
            Reading._insert_rows([dict(reading.read(READING_COLUMNS, load=None)[0], uuid="y")])
