"""The receiving end in a bureau's Arena, over real HTTP: signatures, replays, schema,
and the upsert of venues, hourly flow and daily summaries under the receiving company."""

import hashlib
import hmac
import json
import time
import uuid

from odoo.tests import HttpCase, tagged

from ..controllers.uplink import UPLINK_ROUTE

KEY_ID = "op-xuanwu-7"
SECRET = "bureau-side-shared-key-42"


def sign(secret, body, timestamp=None, nonce=None, key_id=KEY_ID):
    timestamp = str(int(timestamp if timestamp is not None else time.time()))
    nonce = nonce or uuid.uuid4().hex
    signature = hmac.new(
        secret.encode(), f"{timestamp}\n{nonce}\n".encode() + body, hashlib.sha256
    ).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Arena-Key-Id": key_id,
        "X-Arena-Timestamp": timestamp,
        "X-Arena-Nonce": nonce,
        "X-Arena-Signature": signature,
    }


def envelope(kind, uid, body):
    return {
        "message_id": uid,
        "type": kind,
        "sent_at": "2026-03-02T10:01:00+08:00",
        "sender_key_id": KEY_ID,
        "body": body,
    }


REGISTRATION = {
    "venue_id": "41",
    "code": "XWF",
    "name": "玄武全民健身中心",
    "province_code": "320000",
    "city_code": "320100",
    "district_code": "320102",
    "address": "北京东路 1 号",
    "latitude": 32.06,
    "longitude": 118.8,
    "timezone": "Asia/Shanghai",
    "active": True,
}


def hourly(entries=(12, 7)):
    return {
        "venue_id": "41",
        "province_code": "320000",
        "city_code": "320100",
        "district_code": "320102",
        "hour_end": "2026-03-02T10:00:00+08:00",
        "entries": sum(entries),
        "exits": 3,
        "flows": [
            {
                "device_id": f"gate-{n}",
                "source": "gate",
                "entries": e,
                "exits": n + 1,
                "core_area": n == 0,
            }
            for n, e in enumerate(entries)
        ],
    }


DAILY = {
    "venue_id": "41",
    "province_code": "320000",
    "city_code": "320100",
    "district_code": "320102",
    "date": "2026-03-02",
    "is_open": True,
    "is_holiday": False,
    "open_hours": 13.5,
    "public_benefit_hours": 13.5,
    "entries": 812,
    "exits": 800,
    "unique_visitors": 640,
    "peak_occupancy": 120,
    "free_visitors": 200,
    "student_visitors": 90,
    "booking_count": 31,
    "booked_hours": 40.0,
    "revenue_total": 5230.0,
    "currency": "CNY",
    "energy_kwh": 410.2,
    "water_m3": 12.5,
}


@tagged("post_install", "-at_install")
class TestUplinkReceiver(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls.env["res.company"].create({"name": "Xuanwu Reporting Operator"})
        cls.inbound = cls.env["sports.uplink.connection"].create(
            {
                "name": "Xuanwu operator",
                "direction": "inbound",
                "key_id": KEY_ID,
                "secret": SECRET,
                "receiving_company_id": cls.operator.id,
            }
        )

    def post(self, payload, secret=SECRET, headers=None, raw=None):
        body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
        self.last_headers = headers or sign(secret, body)
        response = self.url_open(UPLINK_ROUTE, data=body, headers=self.last_headers)
        return response, body

    def answer(self, response, status):
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        return response.json()

    def assertSignedAnswer(self, response):
        h = response.headers
        expected = hmac.new(
            SECRET.encode(),
            f"{h['X-Arena-Timestamp']}\n{h['X-Arena-Nonce']}\n".encode() + response.content,
            hashlib.sha256,
        ).hexdigest()
        self.assertEqual(h["X-Arena-Signature"], expected)

    def venue(self):
        return self.env["sports.venue"].search([("uplink_connection_id", "=", self.inbound.id)])

    def test_a_registration_flow_and_day_land_in_the_bureau_tables_once(self):
        # A flow before its venue's registration: "not yet", and the sender retries.
        response, _body = self.post(envelope("hourly_flow", "flow_hourly/41/x", hourly()))
        self.assertIn("not registered", self.answer(response, 409)["error"])

        response, _body = self.post(envelope("venue_registration", "venue/41", REGISTRATION))
        self.assertEqual(
            self.answer(response, 200),
            {"message_id": "venue/41", "status": "accepted", "duplicate": False},
        )
        self.assertSignedAnswer(response)
        venue = self.venue()
        self.assertEqual(
            (venue.code, venue.name, venue.company_id), ("XWF", "玄武全民健身中心", self.operator)
        )
        self.assertEqual(venue.region_id, self.env.ref("sports_venue.region_320102"))

        uid = "flow_hourly/41/20260302T0200Z"
        response, body = self.post(envelope("hourly_flow", uid, hourly()))
        self.assertEqual(self.answer(response, 200)["status"], "accepted")
        rows = self.env["sports.flow.hourly"].search(
            [("venue_id", "=", venue.id)], order="uplink_device_ref"
        )
        self.assertEqual(rows.mapped("uplink_device_ref"), ["gate-0", "gate-1"])
        self.assertEqual(rows.mapped("entries"), [12, 7])
        self.assertEqual(rows.mapped("is_core_free_area"), [True, False])
        self.assertEqual(str(rows[0].hour), "2026-03-02 01:00:00")
        self.assertEqual(str(rows[0].date), "2026-03-02")
        self.assertEqual(rows[0].district_code, "320102")
        self.assertEqual(rows.company_id, self.operator)

        # The same request replayed: refused.
        replay = self.url_open(UPLINK_ROUTE, data=body, headers=self.last_headers)
        self.assertIn("replayed", self.answer(replay, 401)["error"])
        # The same message sent again (its acknowledgement was lost): acknowledged, not written.
        response, _body = self.post(envelope("hourly_flow", uid, hourly()))
        self.assertTrue(self.answer(response, 200)["duplicate"])
        self.assertEqual(
            self.env["sports.flow.hourly"].search_count([("venue_id", "=", venue.id)]), 2
        )
        # A recompute changed the hour: the hour's rows are replaced.
        response, _body = self.post(envelope("hourly_flow", uid, hourly(entries=(20,))))
        self.assertEqual(self.answer(response, 200)["duplicate"], False)
        rows = self.env["sports.flow.hourly"].search([("venue_id", "=", venue.id)])
        self.assertEqual(rows.mapped("entries"), [20])

        response, _body = self.post(envelope("daily_summary", "daily/41/2026-03-02", DAILY))
        self.assertEqual(self.answer(response, 200)["status"], "accepted")
        stat = self.env["sports.venue.stat"].search([("venue_id", "=", venue.id)])
        self.assertEqual(
            (stat.entries, stat.unique_visitors, stat.revenue_total), (812, 640, 5230.0)
        )
        self.assertEqual(
            (stat.district_id.code, stat.city_id.code, stat.province_id.code),
            ("320102", "320100", "320000"),
        )
        response, _body = self.post(
            envelope("daily_summary", "daily/41/2026-03-02", dict(DAILY, entries=900))
        )
        self.assertEqual(self.answer(response, 200)["status"], "accepted")
        self.assertEqual(
            self.env["sports.venue.stat"].search([("venue_id", "=", venue.id)]).entries, 900
        )
        # The bureau's own computations leave the reported venue alone: its figures come
        # from the uplink, not from this database's (empty) access log.
        self.env["sports.flow.hourly"]._compute_hours(rows.hour, rows.hour_end)
        self.env["sports.venue.stat"]._compute_days(stat.date, stat.date)
        self.env.invalidate_all()
        self.assertEqual(
            self.env["sports.flow.hourly"].search([("venue_id", "=", venue.id)]).mapped("entries"),
            [20],
        )
        self.assertEqual(
            self.env["sports.venue.stat"].search([("venue_id", "=", venue.id)]).entries, 900
        )
        inbox = self.env["sports.uplink.inbox"].search([("connection_id", "=", self.inbound.id)])
        self.assertEqual(len(inbox), 6)
        self.assertEqual(inbox.filtered("duplicate").message_uid, uid)

    def test_bad_requests_get_a_json_error_and_write_nothing(self):
        payload = envelope("venue_registration", "venue/41", REGISTRATION)
        body = json.dumps(payload).encode()
        cases = [
            (401, "signature", sign("wrong-key-wrong-key-wrong", body)),
            (401, "unknown key", sign(SECRET, body, key_id="nobody")),
            (401, "timestamp", sign(SECRET, body, timestamp=time.time() - 900)),
            (401, "unknown key", {"Content-Type": "application/json"}),
        ]
        for status, error, headers in cases:
            response, _body = self.post(None, headers=headers, raw=body)
            self.assertIn(error, self.answer(response, status)["error"])
        for raw in (
            b"not json",
            b"[1, 2]",
            json.dumps({"message_id": "x"}).encode(),
            json.dumps(envelope("hourly_flow", "flow/1", dict(hourly(), entries=-1))).encode(),
            json.dumps(dict(payload, sender_key_id="someone-else")).encode(),
        ):
            response, _body = self.post(None, raw=raw)
            self.assertEqual(response.status_code, 400, raw)
            self.assertSignedAnswer(response)
        self.assertFalse(self.venue())
        self.assertFalse(self.env["sports.uplink.inbox"].search([]))
        # A venue code outside the schema's pattern.
        response, _body = self.post(
            envelope("venue_registration", "venue/42", dict(REGISTRATION, venue_id="42", code="x"))
        )
        self.assertIn("code", self.answer(response, 400)["error"])
        # GET is not a route.
        self.assertIn(self.url_open(UPLINK_ROUTE).status_code, (404, 405))
