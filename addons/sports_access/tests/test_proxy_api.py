import json
import uuid
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2

from .common import AccessCase


@tagged("post_install", "-at_install")
class TestProxyApi(AccessCase, HttpCase):
    """The proxy's JSON-2 API, called over HTTP with the API key of the venue's proxy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue.resource_calendar_id = False  # open around the clock: real-time calls
        cls.proxy_user, cls.proxy_key = cls.venue._arena_proxy_provision("test")
        cls.other_venue = cls.env["sports.venue"].create({"name": "Other", "code": "TOTH"})
        cls.other_area = cls.env["sports.area"].create(
            {"name": "Other hall", "venue_id": cls.other_venue.id}
        )
        cls.env["sports.access.point"].create(
            {"name": "Other gate", "code": "other-in", "area_id": cls.other_area.id}
        )

    def call(self, model, method, key=None, **params):
        return post_json2(self, model, method, key or self.proxy_key, **params)

    def open_ticket(self):
        return self.ticket(
            counted=False,
            uses_left=0,
            valid_from=False,
            valid_to=False,
            area_ids=[Command.clear()],
        )

    def test_proxy_user_is_a_portal_user_bound_to_its_venue(self):
        user = self.proxy_user
        self.assertTrue(user.share)
        self.assertTrue(user.has_group("sports_access.group_arena_proxy"))
        self.assertFalse(user.has_group("base.group_user"))
        self.assertEqual(user.arena_proxy_venue_ids, self.venue)
        again_user, again_key = self.venue._arena_proxy_provision("second")
        self.assertEqual(again_user, user)
        self.assertNotEqual(again_key, self.proxy_key)

    def test_verify_over_json2(self):
        ticket = self.open_ticket()
        event_uuid = str(uuid.uuid4())
        status, answer = self.call(
            "sports.access.api",
            "verify",
            credential=ticket.qr_token,
            point="pool-in-1",
            uuid=event_uuid,
        )
        self.assertEqual(status, 200, answer)
        self.assertEqual((answer["decision"], answer["reason"]), ("granted", None))
        self.assertEqual(answer["partner"], "Li Na")
        event = self.Event.search([("uuid", "=", event_uuid)])
        self.assertEqual((event.source, event.partner_id), ("online", self.holder))
        status, answer = self.call(
            "sports.access.api", "verify", credential=ticket.qr_token, point="other-in"
        )
        self.assertEqual(answer["reason"], "unknown_point", "another venue's gate")
        status, answer = self.call(
            "sports.access.api",
            "verify",
            credential={"kind": "qr", "value": "x" * 131},
            point="pool-in-2",
        )
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "malformed"))

    def test_sync_pages_through_changes_and_sees_revocations(self):
        tickets = self.open_ticket() | self.open_ticket() | self.open_ticket()
        cursor, credentials, entitlements, pages = None, {}, {}, 0
        while True:
            status, page = self.call("sports.access.api", "sync", cursor=cursor, limit=2)
            self.assertEqual(status, 200, page)
            pages += 1
            credentials.update({c["id"]: c for c in page["credentials"]})
            entitlements.update({e["id"]: e for e in page["entitlements"]})
            cursor = page["cursor"]
            if not page["more"]:
                break
        self.assertGreaterEqual(pages, 3)
        for ticket in tickets:
            self.assertIn(ticket.id, entitlements)
            qr = ticket.credential_ids
            self.assertEqual(credentials[qr.id]["code"], qr.code)
            self.assertEqual(credentials[qr.id]["state"], "active")
        keys = page["keys"]
        self.assertIn(tickets[0].credential_ids.key_id.key_id, [k["key_id"] for k in keys])
        self.assertNotIn("private_key", json.dumps(page))
        self.assertEqual([v["code"] for v in page["venues"]], ["TACC"])
        self.assertNotIn("other-in", [p["code"] for p in page["points"]])
        self.assertEqual(page["venues"][0]["opening"], [[d, 0.0, 24.0] for d in range(7)])
        # Nothing new: the same cursor comes back with nothing.
        status, page = self.call("sports.access.api", "sync", cursor=cursor)
        self.assertEqual((page["credentials"], page["entitlements"], page["more"]), ([], [], False))
        self.assertEqual(page["cursor"], cursor)
        # A refund revokes: the next sync carries the revocation.
        tickets[1]._revoke("refund")
        status, page = self.call("sports.access.api", "sync", cursor=cursor)
        revoked = [c for c in page["credentials"] if c["state"] == "revoked"]
        self.assertEqual([c["id"] for c in revoked], tickets[1].credential_ids.ids)
        self.assertEqual([e["state"] for e in page["entitlements"]], ["revoked"])
        status, page = self.call("sports.access.api", "sync", cursor="garbage")
        self.assertNotEqual(status, 200)

    def test_upload_events_over_json2(self):
        ticket = self.open_ticket()
        now = fields.Datetime.now()
        batch = [
            {
                "uuid": str(uuid.uuid4()),
                "point": code,
                "credential": ticket.qr_token,
                "direction": direction,
                "decision": "granted",
                "device_time": (now - timedelta(minutes=minutes)).isoformat() + "Z",
            }
            for code, direction, minutes in (("pool-in-1", "in", 30), ("pool-out-1", "out", 5))
        ]
        batch.append({"uuid": "nope"})
        status, result = self.call("sports.access.api", "upload_events", batch=batch)
        self.assertEqual(status, 200, result)
        self.assertEqual(result["accepted"], [batch[0]["uuid"], batch[1]["uuid"]])
        self.assertEqual([r["index"] for r in result["rejected"]], [2])
        status, result = self.call("sports.access.api", "upload_events", batch=batch[:2])
        self.assertEqual((result["accepted"], len(result["duplicates"])), ([], 2))

    def test_proxy_user_can_touch_nothing_else(self):
        self.open_ticket()
        for model, method, params in (
            ("res.partner", "search_read", {"domain": [], "fields": ["name"]}),
            ("sports.card", "search_read", {"domain": [], "fields": ["name"]}),
            ("sports.access.event", "search_read", {"domain": [], "fields": ["uuid"]}),
            ("sports.access.key", "search_read", {"domain": [], "fields": ["public_key"]}),
            ("sports.booking", "search_read", {"domain": [], "fields": ["name"]}),
            ("sports.access.credential", "search_read", {"domain": [], "fields": ["token"]}),
            ("sports.access.entitlement", "search_read", {"domain": [], "fields": ["name"]}),
            ("res.users", "search_read", {"domain": [("id", "!=", 0)], "fields": ["login"]}),
        ):
            with self.subTest(model=model):
                status, body = self.call(model, method, **params)
                own = {self.proxy_user.login, self.proxy_user.partner_id.name}
                leaked = status == 200 and [
                    row for row in body if not own & {row.get("login"), row.get("name")}
                ]
                self.assertFalse(leaked, f"{model}: {body}")
        status, body = self.call(
            "sports.access.point", "create", vals_list=[{"name": "x", "code": "x"}]
        )
        self.assertNotEqual(status, 200)

    def test_other_users_cannot_use_the_proxy_api(self):
        member = new_test_user(self.env, "acc_member", groups="base.group_portal")
        key = self.env["res.users.apikeys"].with_user(member).sudo()._generate(None, "m", None)
        status, body = self.call("sports.access.api", "sync", key=key)
        self.assertEqual(status, 403, body)
        status, body = self.call(
            "sports.access.api", "verify", key=key, credential="x", point="pool-in-1"
        )
        self.assertEqual(status, 403, body)
        status, body = self.call("sports.access.api", "sync", key="0" * 40)
        self.assertEqual(status, 401)
