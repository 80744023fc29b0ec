"""Issue 12 for the access API: a proxy stays inside its venue, event uuids are scoped per
company, and malformed input is refused with a message (one bad item never spoils a
batch)."""

import json
import uuid
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2

from .common import AccessCase


def iso(value):
    return value.isoformat() + "+00:00"


class HardeningCase(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second venue of the same company, with its own hall and gate.
        cls.other_venue = cls.env["sports.venue"].create({"name": "Elsewhere", "code": "TELW"})
        cls.other_area = cls.env["sports.area"].create(
            {"name": "Other hall", "venue_id": cls.other_venue.id}
        )
        cls.other_point = cls.env["sports.access.point"].create(
            {"name": "Other gate", "code": "other-in", "area_id": cls.other_area.id}
        )

    def event(self, credential, point="pool-in-1", minutes=0, **extra):
        moment = fields.Datetime.now() - timedelta(hours=1) + timedelta(minutes=minutes)
        item = {
            "uuid": str(uuid.uuid4()),
            "point": point,
            "credential": credential,
            "direction": "in",
            "decision": "granted",
            "device_time": iso(moment),
        }
        item.update(extra)
        return item

    def elsewhere_ticket(self, **vals):
        """A single-entry ticket valid only at the other venue, with a card UID too."""
        ticket = self.ticket(
            venue_ids=[Command.set(self.other_venue.ids)],
            area_ids=[Command.clear()],
            valid_from=False,
            valid_to=False,
            **vals,
        )
        self.env["sports.access.credential"].sudo().create(
            {"kind": "uid", "entitlement_id": ticket.id, "value": f"E1{ticket.id:06X}"}
        )
        return ticket


@tagged("post_install", "-at_install")
class TestUploadStaysInItsVenue(HardeningCase):
    def test_granted_entry_outside_the_passes_venues_is_rejected_and_consumes_nothing(self):
        """Issue 12, item 1."""
        ticket = self.elsewhere_ticket()
        self.assertEqual(ticket.uses_left, 1)
        uid = ticket.credential_ids.filtered(lambda c: c.kind == "uid").value
        qr_entry = self.event(ticket.qr_token)
        uid_entry = self.event(uid, "gym-in-1", minutes=5)
        result = self.Upload._upload_events([qr_entry, uid_entry], self.venue)
        self.assertEqual(result["accepted"], [])
        self.assertEqual(
            [r["uuid"] for r in result["rejected"]], [qr_entry["uuid"], uid_entry["uuid"]]
        )
        self.assertTrue(all("venue" in r["error"] for r in result["rejected"]), result)
        self.assertEqual(ticket.uses_left, 1)
        self.assertFalse(self.Event.search([("entitlement_id", "=", ticket.id)]))

    def test_granted_entry_outside_the_passes_areas_is_rejected(self):
        ticket = self.ticket(valid_from=False, valid_to=False)  # the pool only
        wrong = self.event(ticket.qr_token, "gym-in-1")
        right = self.event(ticket.qr_token, "pool-in-1", minutes=1)
        # A denial and an exit there are facts, not uses: they are kept.
        exit_ = self.event(ticket.qr_token, "pool-out-1", minutes=2, direction="out")
        denied = self.event(
            ticket.qr_token, "gym-in-1", minutes=3, decision="denied", reason="wrong_area"
        )
        result = self.Upload._upload_events([wrong, right, exit_, denied], self.venue)
        self.assertEqual(result["accepted"], [right["uuid"], exit_["uuid"], denied["uuid"]], result)
        self.assertEqual([r["index"] for r in result["rejected"]], [0])
        self.assertIn("area", result["rejected"][0]["error"])
        self.assertEqual(ticket.uses_left, 0, "the one valid entry counts")


@tagged("post_install", "-at_install")
class TestTwoProxiesOffline(HardeningCase):
    def test_the_second_entry_of_a_pass_admitted_by_two_proxies_is_noted(self):
        """Issue 12, item 10 offline: each proxy decides from its own passages, so a day
        pass enters once per proxy; the upload keeps both entries and notes the second."""
        ticket = self.ticket(
            ticket_kind="day", counted=False, uses_left=0, valid_from=False, valid_to=False
        )
        first = self.event(ticket.qr_token, "pool-in-1", minutes=0)
        # A normal visit on the first proxy: in, out, in again, none of them noted.
        out = self.event(ticket.qr_token, "pool-out-1", minutes=30, direction="out")
        back = self.event(ticket.qr_token, "pool-in-1", minutes=40)
        self.Upload._upload_events([first, out, back], self.venue)
        # The second proxy admitted the same pass a minute after the first entry, and
        # twenty minutes after it (inside the pool without having left: passback).
        sharing = self.event(ticket.qr_token, "pool-in-2", minutes=1)
        passback = self.event(ticket.qr_token, "pool-in-2", minutes=20)
        result = self.Upload._upload_events([sharing, passback], self.venue)
        self.assertEqual(result["accepted"], [sharing["uuid"], passback["uuid"]])
        notes = {
            event.uuid: event.note or ""
            for event in self.Event.search([("entitlement_id", "=", ticket.id)])
        }
        self.assertEqual([notes[item["uuid"]] for item in (first, out, back)], ["", "", ""], notes)
        self.assertIn("sharing", notes[sharing["uuid"]])
        self.assertIn("passback", notes[passback["uuid"]])
        self.assertEqual(
            set(self.Event.search([("entitlement_id", "=", ticket.id)]).mapped("decision")),
            {"granted"},
        )


@tagged("post_install", "-at_install")
class TestEventUuidsPerCompany(HardeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_y = cls.env["res.company"].create({"name": "Tenant Y"})
        cls.venue_y = cls.env["sports.venue"].create(
            {"name": "Y Arena", "code": "TYAR", "company_id": cls.company_y.id}
        )
        area_y = cls.env["sports.area"].create({"name": "Y hall", "venue_id": cls.venue_y.id})
        cls.point_y = cls.env["sports.access.point"].create(
            {"name": "Y gate", "code": "pool-in-1", "area_id": area_y.id}
        )
        cls.member_y = cls.env["res.partner"].create({"name": "Secret Member Y"})
        cls.ticket_y = cls.env["sports.access.entitlement"]._issue(
            [
                {
                    "name": "Y ticket",
                    "kind": "ticket",
                    "ticket_kind": "day",
                    "company_id": cls.company_y.id,
                    "partner_id": cls.member_y.id,
                }
            ]
        )

    def test_verify_never_answers_with_another_tenants_event(self):
        """Issue 12, item 3: verify(uuid=<an event of company Y>) by a proxy of X."""
        shared = str(uuid.uuid4())
        answer_y = self.Gate._verify(self.ticket_y.qr_token, "pool-in-1", self.venue_y, uuid=shared)
        self.assertEqual(answer_y["partner"], "Secret Member Y")
        mine = self.ticket(valid_from=False, valid_to=False, opening_hours=False)
        answer = self.Gate._verify(mine.qr_token, "pool-in-1", self.venue, uuid=shared)
        self.assertEqual(answer["partner"], "Li Na", answer)
        self.assertEqual(answer["decision"], "granted")
        events = self.Event.search([("uuid", "=", shared)])
        self.assertEqual(events.company_id, self.company | self.company_y)

    def test_an_upload_with_another_tenants_uuid_is_stored(self):
        """Issue 12, item 3: ON CONFLICT (uuid) took another tenant's uuid as a duplicate."""
        shared = str(uuid.uuid4())
        self.Gate._verify(self.ticket_y.qr_token, "pool-in-1", self.venue_y, uuid=shared)
        mine = self.ticket(valid_from=False, valid_to=False)
        item = self.event(mine.qr_token, uuid=shared)
        result = self.Upload._upload_events([item], self.venue)
        self.assertEqual(result["accepted"], [shared], result)
        self.assertEqual(mine.uses_left, 0)
        # Within one company the uuid still makes a retry a duplicate.
        again = self.Upload._upload_events([item], self.venue)
        self.assertEqual(again["duplicates"], [shared])

    def test_a_uuid_of_another_venue_of_the_company_is_refused(self):
        other = self.ticket(
            venue_ids=[Command.set(self.other_venue.ids)],
            area_ids=[Command.clear()],
            valid_from=False,
            valid_to=False,
        )
        shared = str(uuid.uuid4())
        self.Gate._verify(other.qr_token, "other-in", self.other_venue, uuid=shared)
        mine = self.ticket(valid_from=False, valid_to=False)
        with self.assertRaises(UserError):
            self.Gate._verify(mine.qr_token, "pool-in-1", self.venue, uuid=shared)


@tagged("post_install", "-at_install")
class TestBadUploadItems(HardeningCase):
    def test_a_broken_clock_rejects_its_event_alone(self):
        """A device_time far in the past or future, or absurd, rejects that event only."""
        ticket = self.ticket(
            counted=False, uses_left=0, valid_from=False, valid_to=False, area_ids=[Command.clear()]
        )
        bad_times = [
            "9999-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59+00:00",
            1e20,
            -1e20,
            float("nan"),
            float("inf"),
            2**70,
            "2026-11-30T10:00:00\x00+00:00",
            ["2026-11-30"],
        ]
        batch = [self.event(ticket.qr_token, "gym-in-1", minutes=i) for i in range(3)]
        batch += [self.event(ticket.qr_token, "gym-in-1", device_time=value) for value in bad_times]
        result = self.Upload._upload_events(batch, self.venue)
        self.assertEqual(result["accepted"], [item["uuid"] for item in batch[:3]], result)
        self.assertEqual([r["index"] for r in result["rejected"]], list(range(3, len(batch))))
        self.assertTrue(all(r["error"] for r in result["rejected"]))

    def test_control_characters_reject_the_item_alone(self):
        ticket = self.ticket(
            counted=False, uses_left=0, valid_from=False, valid_to=False, area_ids=[Command.clear()]
        )
        good = self.event(ticket.qr_token, "gym-in-1")
        batch = [
            self.event("04A1\x00B2", "gym-in-1", decision="denied", reason="unknown_credential"),
            self.event({"kind": "uid", "value": "04\x00"}, "gym-in-1"),
            self.event({"kind": "qr", "code": 2**70}, "gym-in-1"),
            self.event({"kind": "qr", "code": -5}, "gym-in-1"),
            self.event(ticket.qr_token, "gym-in\x00-1"),
            self.event(ticket.qr_token, ["gym-in-1"]),
            {**self.event(ticket.qr_token, "gym-in-1"), "uuid": "\x00" + str(uuid.uuid4())},
            good,
        ]
        result = self.Upload._upload_events(batch, self.venue)
        self.assertEqual(result["accepted"], [good["uuid"]], result)
        self.assertEqual([r["index"] for r in result["rejected"]], list(range(7)))

    def test_absurd_readings_are_refused_alone(self):
        self.env["sports.device"].create(
            {"name": "Meter", "identifier": "meter-h", "kind": "energy", "venue_id": self.venue.id}
        )
        now = fields.Datetime.now()

        def reading(**extra):
            item = {
                "uuid": str(uuid.uuid4()),
                "device": "meter-h",
                "metric": "energy_kwh",
                "value": 12.5,
                "measured_at": iso(now - timedelta(minutes=5)),
            }
            item.update(extra)
            return item

        good = reading()
        batch = [
            reading(value=float("inf")),
            reading(value=float("-inf")),
            reading(value=float("nan")),
            reading(value=1e308),
            reading(value=-1e308),
            reading(measured_at="9999-12-31T23:59:59-05:00"),
            reading(measured_at=1e20),
            reading(measured_at=float("nan")),
            reading(device="meter\x00-h"),
            reading(device=["meter-h"]),
            reading(metric={"x": 1}),
            good,
        ]
        result = self.Upload._upload_readings(batch, self.venue)
        self.assertEqual(result["accepted"], [good["uuid"]], result)
        self.assertEqual([r["index"] for r in result["rejected"]], list(range(11)))


@tagged("post_install", "-at_install")
class TestTicketSaleNeedsStaff(HardeningCase):
    def test_a_sale_line_does_not_skip_the_staff_check(self):
        """Issue 12, item 5."""
        ticket_type = self.env["sports.ticket.type"].create(
            {"name": "Swim", "venue_id": self.venue.id, "kind": "single", "price": 10}
        )
        portal = new_test_user(self.env, "acc_hard_portal", groups="base.group_portal")
        order = self.env["sale.order"].create(
            {
                "partner_id": portal.partner_id.id,
                "order_line": [Command.create({"product_id": ticket_type.product_id.id})],
            }
        )
        line = order.order_line
        # A read-only bureau user reads ticket types, venues and passes: only the staff
        # check stops it.
        bureau = new_test_user(
            self.env, "acc_hard_bureau", groups="sports_venue.group_sports_bureau"
        )
        for user in (bureau, portal):
            Type = self.env["sports.ticket.type"].with_user(user)
            for sale_line in (line, line.id, 1, True, "x"):
                with self.subTest(user=user.login, sale_line=sale_line):
                    with self.assertRaises(AccessError):
                        Type.sell(ticket_type.id, 1, portal.partner_id.id, sale_line=sale_line)
        self.assertEqual(ticket_type.sold_count, 0)

    def test_sell_refuses_malformed_arguments(self):
        ticket_type = self.env["sports.ticket.type"].create(
            {"name": "Swim", "venue_id": self.venue.id, "kind": "single", "price": 10}
        )
        manager = new_test_user(
            self.env, "acc_hard_manager", groups="sports_venue.group_arena_manager"
        )
        Type = self.env["sports.ticket.type"].with_user(manager)
        for args in (
            {"ticket_type": "1"},
            {"ticket_type": 2**40},
            {"ticket_type": ticket_type.id, "partner": "x"},
            {"ticket_type": ticket_type.id, "partner": 2**40},
            {"ticket_type": ticket_type.id, "ref": "a\x00b"},
            {"ticket_type": ticket_type.id, "ref": "x" * 200},
            {"ticket_type": ticket_type.id, "ref": 5},
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                Type.sell(**args, reason="Gift")
        self.assertEqual(ticket_type.sold_count, 0)


@tagged("post_install", "-at_install")
class TestProxyApiInput(HardeningCase, HttpCase):
    """Over real JSON-2: a proxy gets what its points can admit, and a 4xx with a message
    for malformed input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue.resource_calendar_id = False
        cls.proxy_user, cls.proxy_key = cls.venue._arena_proxy_provision("hardening")

    def call(self, method, **params):
        return post_json2(self, "sports.access.api", method, self.proxy_key, **params)

    def sync_all(self):
        cursor, credentials, entitlements = None, {}, {}
        while True:
            status, page = self.call("sync", cursor=cursor, limit=1000)
            self.assertEqual(status, 200, page)
            credentials.update({c["id"]: c for c in page["credentials"]})
            entitlements.update({e["id"]: e for e in page["entitlements"]})
            cursor = page["cursor"]
            if not page["more"]:
                return credentials, entitlements

    def test_sync_gives_only_the_credentials_its_points_can_admit(self):
        """Issue 12, item 2."""
        here = self.ticket(valid_from=False, valid_to=False)
        everywhere = self.ticket(
            venue_ids=[Command.clear()], area_ids=[Command.clear()], valid_from=False
        )
        elsewhere = self.elsewhere_ticket()
        # A pass of the whole company that opens only an area of the other venue.
        other_area_only = self.ticket(
            venue_ids=[Command.clear()], area_ids=[Command.set(self.other_area.ids)]
        )
        credentials, entitlements = self.sync_all()
        for ticket in here | everywhere:
            self.assertIn(ticket.id, entitlements)
            qr = ticket.credential_ids
            self.assertEqual(
                (credentials[qr.id]["nonce"], credentials[qr.id]["state"]), (qr.nonce, "active")
            )
        outside = (elsewhere | other_area_only).credential_ids
        self.assertEqual(len(outside), 3)
        sent = json.dumps(list(credentials.values()) + list(entitlements.values()))
        secrets = [s for s in outside.mapped("nonce") + outside.mapped("value") if s]
        self.assertEqual(len(secrets), 3)
        for secret in secrets:
            self.assertNotIn(secret, sent)
        self.assertNotIn(
            "Li Na", json.dumps([entitlements[e.id] for e in elsewhere | other_area_only])
        )
        # What reaches the proxy of them admits nobody and replaces any earlier copy.
        for ticket in elsewhere | other_area_only:
            self.assertEqual(entitlements[ticket.id]["state"], "revoked")
        for credential in outside:
            self.assertEqual(
                (credentials[credential.id]["state"], credentials[credential.id]["nonce"]),
                ("revoked", None),
            )

    def test_malformed_cursors_are_a_422(self):
        for cursor in (
            "²:1",
            "1:²",
            "-1:2",
            "1:-2",
            "99999999999999999999:1",
            "1:2:3",
            "1:2@",
            "1:2@x",
            "1:2@99999999999999999999",
            "a:b",
            "１:２",
            " 1:2",
            5,
            [1, 2],
            {"x": 1},
            "1\x00:2",
        ):
            with self.subTest(cursor=cursor):
                status, answer = self.call("sync", cursor=cursor)
                self.assertEqual(status, 422, answer)
                self.assertTrue(answer.get("message"), answer)
        for limit in ("10", 0, 10**30, 1.5, None):
            with self.subTest(limit=limit):
                status, answer = self.call("sync", limit=limit)
                self.assertEqual(status, 422, answer)

    def test_verify_refuses_wrong_types_and_control_characters(self):
        ticket = self.ticket(valid_from=False, valid_to=False)
        count = self.Event.search_count([])
        for params in (
            {"credential": ticket.qr_token, "point": "pool-in\x00-1"},
            {"credential": "04A1\x00B2", "point": "pool-in-1"},
            {"credential": {"kind": "uid", "value": "04\x00A1"}, "point": "pool-in-1"},
            {"credential": {"kind": "uid", "value": 5}, "point": "pool-in-1"},
            {"credential": 5, "point": "pool-in-1"},
            {"credential": [ticket.qr_token], "point": "pool-in-1"},
            {"credential": None, "point": "pool-in-1"},
            {"credential": ticket.qr_token, "point": ["pool-in-1"]},
            {"credential": ticket.qr_token, "point": 2**70},
            {"credential": ticket.qr_token, "point": 1.5},
            {"credential": ticket.qr_token, "point": None},
            {"credential": ticket.qr_token, "point": "pool-in-1", "uuid": 5},
            {"credential": ticket.qr_token, "point": "pool-in-1", "uuid": "\x00"},
            {"credential": ticket.qr_token, "point": "pool-in-1", "uuid": "x" * 100000},
            {"credential": ticket.qr_token, "point": "pool-in-1", "direction": "sideways"},
            {"credential": ticket.qr_token, "point": "pool-in-1", "direction": 1},
        ):
            with self.subTest(params=str(params)[:80]):
                status, answer = self.call("verify", **params)
                self.assertEqual(status, 422, answer)
                self.assertTrue(answer.get("message"), answer)
        self.assertEqual(self.Event.search_count([]), count, "nothing was written")
        self.assertEqual(ticket.uses_left, 1)

    def test_uploads_with_a_bad_item_store_the_rest_over_json2(self):
        ticket = self.ticket(
            counted=False, uses_left=0, valid_from=False, valid_to=False, area_ids=[Command.clear()]
        )
        good = self.event(ticket.qr_token, "gym-in-1")
        batch = [
            self.event(ticket.qr_token, "gym-in-1", device_time="9999-12-31T23:59:59-05:00"),
            self.event(ticket.qr_token, "gym-in-1", device_time=1e20),
            self.event({"kind": "qr", "code": 2**70}, "gym-in-1"),
            self.event("04A1\x00B2", "gym-in-1", decision="denied", reason="unknown_credential"),
            good,
        ]
        status, result = self.call("upload_events", batch=batch)
        self.assertEqual(status, 200, result)
        self.assertEqual(result["accepted"], [good["uuid"]])
        self.assertEqual([r["index"] for r in result["rejected"]], [0, 1, 2, 3])
        for batch in ("x", None, 5, {"uuid": 1}):
            with self.subTest(batch=batch):
                status, answer = self.call("upload_events", batch=batch)
                self.assertEqual(status, 422, answer)
                status, answer = self.call("upload_readings", batch=batch)
                self.assertEqual(status, 422, answer)

    def test_wrong_argument_names_are_a_4xx(self):
        status, answer = self.call("verify", credential="x", point="pool-in-1", bogus=1)
        self.assertEqual(status, 422, answer)
