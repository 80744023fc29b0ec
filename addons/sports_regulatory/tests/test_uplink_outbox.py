"""The uplink outbox against a real HTTP receiver on loopback (tests/uplink_receiver.py):
signing, the schema, retries with backoff, exactly-once acknowledgement, failures."""

import uuid
from datetime import date, datetime, timedelta

import jsonschema

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from ..models.sports_uplink_mapping import to_platform_time
from .uplink_receiver import SCHEMA, FakePlatform

KEY_ID = "op-nanjing-1"
SECRET = "s3cret-shared-key-0123456789"
# 2026-03-02 01:00 to 04:00 UTC: 09:00 to 12:00 in Nanjing.
START = datetime(2026, 3, 2, 1)


@tagged("post_install", "-at_install")
class TestUplinkOutbox(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Uplink Operator"})
        cls.district = cls.env.ref("sports_venue.region_320102")
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Uplink Hall",
                "code": "UPL",
                "company_id": cls.company.id,
                "region_id": cls.district.id,
                "tz": "Asia/Shanghai",
            }
        )
        cls.other_venue = cls.env["sports.venue"].create(
            {"name": "Not Reported", "code": "NRP", "company_id": cls.company.id}
        )
        cls.venues = cls.venue | cls.other_venue
        cls.area = cls.env["sports.area"].create({"name": "Free Hall", "venue_id": cls.venue.id})
        cls.gates = cls.env["sports.device"].create(
            [
                {
                    "name": f"Gate {n}",
                    "identifier": f"gate-{n}",
                    "kind": "gate",
                    "venue_id": cls.venue.id,
                    "area_id": cls.area.id,
                }
                for n in (1, 2)
            ]
        )
        rows = []
        for h in range(3):
            for n, gate in enumerate(cls.gates):
                hour = START + timedelta(hours=h)
                rows.append(
                    {
                        "venue_id": cls.venue.id,
                        "company_id": cls.company.id,
                        "area_id": cls.area.id,
                        "device_id": gate.id,
                        "source": "gate",
                        "hour": hour,
                        "hour_end": hour + timedelta(hours=1),
                        "date": date(2026, 3, 2),
                        "entries": 10 * (h + 1) + n,
                        "exits": 5 * h + n,
                        "is_core_free_area": n == 0,
                        "region_id": cls.district.id,
                        "province_code": "320000",
                        "city_code": "320100",
                        "district_code": "320102",
                    }
                )
        cls.flows = cls.env["sports.flow.hourly"].create(rows)
        cls.manager = new_test_user(
            cls.env,
            "upl_manager",
            groups="sports_venue.group_arena_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.staff = new_test_user(
            cls.env,
            "upl_staff",
            groups="sports_venue.group_arena_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def connection(self, url, secret=SECRET, **vals):
        return self.env["sports.uplink.connection"].create(
            {
                "name": "Nanjing bureau",
                "direction": "outbound",
                "url": url,
                "key_id": KEY_ID,
                "secret": secret,
                "company_id": self.company.id,
                "venue_ids": [self.venue.id],
                "timeout": 0.3,
                **vals,
            }
        )

    def messages(self, connection):
        return self.env["sports.uplink.message"].search(
            [("connection_id", "=", connection.id)], order="id"
        )

    def make_due(self, connection):
        """Time passes: every message waiting for a retry is due now."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE sports_uplink_message SET next_attempt_at = %s "
                "WHERE connection_id = %s AND state = 'retry'",
                fields.Datetime.now() - timedelta(seconds=1),
                connection.id,
            )
        )
        self.env.invalidate_all()

    def test_hours_are_queued_per_venue_and_hour_and_follow_the_schema(self):
        connection = self.connection("http://127.0.0.1:9/none")
        self.env["sports.flow.hourly"]._sports_after_hours(
            START, START + timedelta(hours=3), self.venues
        )
        messages = self.messages(connection)
        self.assertEqual(
            messages.mapped("kind"), ["venue", "flow_hourly", "flow_hourly", "flow_hourly"]
        )
        self.assertEqual(set(messages.venue_id), {self.venue}, "the other venue is not reported")
        mapping = self.env["sports.uplink.mapping"]
        for message in messages:
            envelope = mapping._envelope(message, fields.Datetime.now())
            jsonschema.validate(envelope, SCHEMA, cls=jsonschema.Draft202012Validator)
        first = messages[1].payload
        self.assertEqual(first["hour_end"], "2026-03-02T10:00:00+08:00")
        self.assertEqual(first["venue_id"], str(self.venue.id))
        self.assertEqual(
            (first["province_code"], first["city_code"], first["district_code"]),
            ("320000", "320100", "320102"),
        )
        self.assertEqual((first["entries"], first["exits"]), (10 + 11, 0 + 1))
        self.assertEqual(
            first["flows"],
            [
                {
                    "device_id": "gate-1",
                    "source": "gate",
                    "entries": 10,
                    "exits": 0,
                    "core_area": True,
                },
                {
                    "device_id": "gate-2",
                    "source": "gate",
                    "entries": 11,
                    "exits": 1,
                    "core_area": False,
                },
            ],
        )
        registration = messages[0].payload
        self.assertEqual((registration["code"], registration["district_code"]), ("UPL", "320102"))
        self.assertEqual(messages[1].period_start, START)

    def test_same_hour_again_updates_unsent_and_requeues_acked_only_when_changed(self):
        connection = self.connection("http://127.0.0.1:9/none")
        flows = self.env["sports.flow.hourly"]
        flows._sports_after_hours(START, START + timedelta(hours=1), self.venues)
        message = self.messages(connection).filtered(lambda m: m.kind == "flow_hourly")
        # Unchanged and not sent yet: the same message, nothing new.
        flows._sports_after_hours(START, START + timedelta(hours=1), self.venues)
        self.assertEqual(
            self.messages(connection).filtered(lambda m: m.kind == "flow_hourly"), message
        )
        self.assertEqual((message.state, message.revision), ("pending", 1))
        # A recompute changed the hour before it was sent: the payload is replaced.
        self.flows[0].entries = 99
        flows._sports_after_hours(START, START + timedelta(hours=1), self.venues)
        self.assertEqual(message.payload["entries"], 99 + 11)
        self.assertEqual((message.state, message.revision), ("pending", 2))
        # Acknowledged and unchanged: never sent again.
        message.write({"state": "acked", "acked_at": fields.Datetime.now()})
        flows._sports_after_hours(START, START + timedelta(hours=1), self.venues)
        self.assertEqual(message.state, "acked")
        # Acknowledged and changed: queued again, from its first attempt.
        message.attempts = 3
        self.flows[0].entries = 100
        flows._sports_after_hours(START, START + timedelta(hours=1), self.venues)
        self.assertEqual((message.state, message.attempts, message.revision), ("pending", 0, 3))
        self.assertFalse(message.acked_at)
        self.assertEqual(len(self.messages(connection)), 2, "one registration, one hour")

    def test_random_failures_end_with_each_message_acknowledged_exactly_once(self):
        weights = {"ok": 3, "error_500": 1, "slow": 1, "drop": 1, "bad_answer_signature": 1}
        with FakePlatform(
            {KEY_ID: SECRET}, seed=17, fault_weights=weights, slow_seconds=0.6
        ) as fake:
            connection = self.connection(fake.url, max_attempts=40)
            self.env["sports.flow.hourly"]._sports_after_hours(
                START, START + timedelta(hours=3), self.venues
            )
            stats = self.env["sports.venue.stat"].create(
                [
                    {
                        "venue_id": self.venue.id,
                        "company_id": self.company.id,
                        "date": date(2026, 3, d),
                        "entries": 100 + d,
                        "unique_visitors": 80 + d,
                        "is_open": True,
                        "open_hours": 12.0,
                        "revenue_total": 1234.5,
                    }
                    for d in (1, 2)
                ]
            )
            self.env["sports.venue.stat"]._sports_uplink_enqueue_days(
                date(2026, 3, 1), date(2026, 3, 2)
            )
            messages = self.messages(connection)
            self.assertEqual(len(messages), 6)
            for _round in range(60):
                self.env["sports.uplink.message"]._cron_send()
                if all(m.state == "acked" for m in messages):
                    break
                self.make_due(connection)
            self.assertEqual(
                set(messages.mapped("state")), {"acked"}, messages.mapped("last_error")
            )
            # Nothing more is sent once everything is acknowledged.
            self.make_due(connection)
            self.assertEqual(self.env["sports.uplink.message"]._cron_send(), 0)
        for message in messages:
            self.assertEqual(fake.acks[message.message_uid], 1, message.message_uid)
            self.assertEqual(
                fake.requests[message.message_uid],
                message.attempts,
                "every attempt is counted, none after the acknowledgement",
            )
            self.assertEqual(fake.stored[message.message_uid], message.payload)
        self.assertGreater(sum(messages.mapped("attempts")), len(messages), "retries were needed")
        for fault in weights:
            self.assertGreater(fake.faults[fault], 0, f"the seed exercised {fault}")
        self.assertEqual(stats[1].date, date(2026, 3, 2))
        daily = messages.filtered(lambda m: m.kind == "daily").sorted("message_uid")
        self.assertEqual(daily[1].payload["entries"], 102)
        self.assertEqual(daily[1].payload["revenue_total"], 1234.5)
        self.assertTrue(connection.last_success_at)

    def test_a_wrong_key_fails_at_once_with_a_clear_error(self):
        with FakePlatform({KEY_ID: SECRET}) as fake:
            connection = self.connection(fake.url, secret="not-the-shared-key-at-all")
            connection.with_user(self.manager).action_register_venues()
            self.env["sports.uplink.message"]._cron_send()
        message = self.messages(connection)
        self.assertEqual((message.state, message.attempts), ("failed", 1))
        self.assertIn("HTTP 401", message.last_error)
        self.assertIn("signature does not verify", message.last_error)
        self.assertEqual(fake.refusals, [(401, "the signature does not verify")])
        self.assertIn("HTTP 401", connection.last_error)

    def test_a_malformed_payload_is_refused_and_not_retried(self):
        with FakePlatform({KEY_ID: SECRET}) as fake:
            connection = self.connection(fake.url)
            message = self.env["sports.uplink.message"]._enqueue(
                connection, "flow_hourly", "broken", {"venue_id": str(self.venue.id)}
            )
            self.env["sports.uplink.message"]._cron_send()
        self.assertEqual((message.state, message.attempts), ("failed", 1))
        self.assertIn("HTTP 400", message.last_error)
        self.assertIn("malformed", message.last_error)

    def test_backoff_grows_until_the_last_attempt_then_a_manager_resends(self):
        with FakePlatform({KEY_ID: SECRET}, fault_weights={"error_500": 1}) as fake:
            connection = self.connection(fake.url, max_attempts=5)
            connection.with_user(self.manager).action_register_venues()
            message = self.messages(connection)
            delays = []
            for _attempt in range(5):
                self.assertEqual(self.env["sports.uplink.message"]._cron_send(), 1)
                if message.state == "retry":
                    delays.append((message.next_attempt_at - message.sent_at).total_seconds())
                    # Not due yet: the next run sends nothing.
                    self.assertEqual(self.env["sports.uplink.message"]._cron_send(), 0)
                    self.make_due(connection)
            self.assertEqual(len(delays), 4)
            self.assertTrue(29 <= delays[0] <= 37, delays)
            self.assertEqual(delays, sorted(delays))
            for before, after in zip(delays, delays[1:], strict=False):
                self.assertGreater(after, before * 1.6, delays)
            self.assertEqual((message.state, message.attempts), ("failed", 5))
            self.assertIn("Gave up after 5 attempts", message.last_error)
            self.assertIn("HTTP 500", message.last_error)
            # Staff may not resend; a manager may, and the message starts over.
            with self.assertRaises(UserError):
                message.with_user(self.staff).action_resend()
            fake.fault_weights = {"ok": 1}
            message.with_user(self.manager).action_resend()
            self.assertEqual((message.state, message.attempts), ("pending", 0))
            self.env["sports.uplink.message"]._cron_send()
        self.assertEqual((message.state, message.attempts), ("acked", 1))
        self.assertEqual(fake.acks[message.message_uid], 1)
        with self.assertRaises(UserError):
            message.with_user(self.manager).action_resend()

    def test_an_answer_that_does_not_come_in_time_is_retried_later(self):
        # Odoo's test harness raises any requests timeout below 10 s to 10 s: the fake
        # answers after 11 s.
        with FakePlatform({KEY_ID: SECRET}, fault_weights={"slow": 1}, slow_seconds=11) as fake:
            connection = self.connection(fake.url, timeout=2)
            connection.action_register_venues()
            self.env["sports.uplink.message"]._cron_send()
        message = self.messages(connection)
        self.assertEqual((message.state, message.attempts), ("retry", 1))
        self.assertIn("Timeout", message.last_error)
        self.assertGreater(message.next_attempt_at, message.sent_at)

    def test_the_last_hour_goes_out_from_the_hourly_cron(self):
        """The 5-minute cron computes the last complete hour from the access log, queues it
        and wakes the sending cron, which delivers it."""
        stop = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        point = self.env["sports.access.point"].create(
            {"name": "upl-in", "code": "upl-in", "area_id": self.area.id}
        )
        partner = self.env["res.partner"].create({"name": "Uplink Visitor"})
        # sudo: nobody may create access events; the test writes the log as an upload does.
        self.env["sports.access.event"].sudo()._insert_rows(
            [
                {
                    "uuid": str(uuid.uuid4()),
                    "point_id": point.id,
                    "area_id": self.area.id,
                    "venue_id": self.venue.id,
                    "company_id": self.company.id,
                    "entitlement_id": None,
                    "partner_id": partner.id,
                    "person_key": f"p{partner.id}",
                    "direction": "in",
                    "decision": "granted",
                    "reason": None,
                    "device_time": stop - timedelta(minutes=50),
                    "source": "offline",
                }
            ]
        )
        send_cron = self.env.ref("sports_regulatory.ir_cron_sports_uplink_send")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", send_cron.id)])
        with FakePlatform({KEY_ID: SECRET}) as fake:
            connection = self.connection(fake.url)
            self.env["sports.flow.hourly"]._cron_compute_last_hour()
            flow = self.messages(connection).filtered(lambda m: m.kind == "flow_hourly")
            self.assertEqual(len(flow), 1)
            self.assertEqual(flow.payload["entries"], 1)
            self.assertEqual(flow.payload["hour_end"], to_platform_time(stop))
            self.assertGreater(
                self.env["ir.cron.trigger"].search_count([("cron_id", "=", send_cron.id)]),
                triggers,
                "the sending cron is woken up at once",
            )
            self.env["sports.uplink.message"]._cron_send()
        self.assertEqual(flow.state, "acked")
        self.assertEqual(fake.stored[flow.message_uid]["flows"][0]["entries"], 1)

    def test_a_venue_change_queues_its_registration_again(self):
        connection = self.connection("http://127.0.0.1:9/none")
        connection.action_register_venues()
        message = self.messages(connection)
        message.write({"state": "acked"})
        self.venue.phone = False  # not in the registration: nothing to send
        self.assertEqual(message.state, "acked")
        self.venue.name = "Uplink Hall (renovated)"
        self.assertEqual((message.state, message.revision), ("pending", 2))
        self.assertEqual(message.payload["name"], "Uplink Hall (renovated)")

    def test_outbound_connection_needs_a_url(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.connection("ftp://example.org")
        with self.assertRaises(ValidationError):
            self.connection("http://127.0.0.1:9/none", secret="short")
