"""Whatever a proxy sends, the access API answers: a result, or a ``UserError`` (HTTP 422),
never a crash, and a malformed upload item never spoils its batch (issue 12, bad input)."""

import uuid
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import AccessCase

# JSON values, with the texts and numbers that broke the API before: control characters,
# Unicode digits, huge and non-finite numbers.
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["²:1", "1:²", "１:２", "\x00", "a\x00b", "9" * 30 + ":1", "-1:2"]),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
TIMES = st.one_of(
    JSON,
    st.sampled_from(
        [
            "9999-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00+14:00",
            "2026-11-30T10:00:00",
            "2026-11-30T10:00:00\x00+00:00",
        ]
    ),
    NUMBERS,
)
CREDENTIALS = st.one_of(
    JSON,
    st.sampled_from(
        ["04A1\x00B2", {"kind": "uid", "value": "\x00"}, {"kind": "qr", "code": 2**70}]
    ),
    st.fixed_dictionaries({"kind": st.sampled_from(["qr", "uid", "plate", "x"]), "value": JSON}),
    st.fixed_dictionaries({"kind": st.just("qr"), "code": JSON}),
    st.fixed_dictionaries({"kind": st.just("qr"), "code": NUMBERS}),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@tagged("post_install", "-at_install")
class TestAccessApiFuzz(AccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pass_ = cls.env["sports.access.entitlement"]._issue(
            [
                {
                    "name": "Fuzz pass",
                    "kind": "ticket",
                    "ticket_kind": "day",
                    "company_id": cls.company.id,
                    "venue_ids": [Command.set(cls.venue.ids)],
                }
            ]
        )
        cls.env["sports.device"].create(
            {"name": "Meter", "identifier": "meter-f", "kind": "energy", "venue_id": cls.venue.id}
        )

    def good_event(self):
        return {
            "uuid": str(uuid.uuid4()),
            "point": "gym-in-1",
            "credential": self.pass_.qr_token,
            "direction": "in",
            "decision": "granted",
            "device_time": (fields.Datetime.now() - timedelta(hours=1)).isoformat() + "Z",
        }

    @SETTINGS
    @given(
        point=st.one_of(JSON, st.just("gym-in-1")),
        credential=CREDENTIALS,
        direction=st.one_of(JSON, st.sampled_from(["in", "out"])),
        decision=st.one_of(JSON, st.sampled_from(["granted", "denied"])),
        reason=st.one_of(JSON, st.just("passback")),
        device_time=TIMES,
        event_uuid=st.one_of(JSON, st.uuids().map(str)),
    )
    def test_any_event_is_accepted_or_rejected_alone(
        self, point, credential, direction, decision, reason, device_time, event_uuid
    ):
        bad = {
            "uuid": event_uuid,
            "point": point,
            "credential": credential,
            "direction": direction,
            "decision": decision,
            "reason": reason,
            "device_time": device_time,
        }
        good = self.good_event()
        with self.env.cr.savepoint():
            result = self.Upload._upload_events([bad, good], self.venue)
        self.assertIn(good["uuid"], result["accepted"], result)
        self.assertEqual(len(result["accepted"]) + len(result["rejected"]), 2, result)

    @SETTINGS
    @given(
        device=st.one_of(JSON, st.just("meter-f")),
        metric=st.one_of(JSON, st.just("energy_kwh")),
        value=st.one_of(JSON, NUMBERS),
        measured_at=TIMES,
    )
    def test_any_reading_is_accepted_or_rejected_alone(self, device, metric, value, measured_at):
        good = {
            "uuid": str(uuid.uuid4()),
            "device": "meter-f",
            "metric": "energy_kwh",
            "value": 1.5,
            "measured_at": (fields.Datetime.now() - timedelta(minutes=5)).isoformat() + "Z",
        }
        bad = dict(good, uuid=str(uuid.uuid4()), device=device, metric=metric, value=value)
        bad["measured_at"] = measured_at
        with self.env.cr.savepoint():
            result = self.Upload._upload_readings([bad, good], self.venue)
        self.assertIn(good["uuid"], result["accepted"], result)
        stored = self.env["sports.device.reading"].search([("uuid", "in", result["accepted"])])
        self.assertTrue(all(abs(v) <= 1e12 for v in stored.mapped("value")))

    @SETTINGS
    @given(
        credential=CREDENTIALS,
        point=st.one_of(JSON, st.just("gym-in-1")),
        event_uuid=st.one_of(st.none(), JSON),
        direction=st.one_of(st.none(), JSON),
    )
    def test_verify_answers_or_refuses(self, credential, point, event_uuid, direction):
        Api = self.Api
        try:
            with self.env.cr.savepoint():
                args = Api._check_verify_args(credential, point, event_uuid, direction)
                answer = self.Gate._verify(*args[:2], self.venue, uuid=args[2], direction=args[3])
        except UserError:
            return
        self.assertIn(answer["decision"], ("granted", "denied"))

    @SETTINGS
    @given(cursor=st.one_of(JSON, TEXTS), limit=st.one_of(JSON, st.integers(1, 1000)))
    def test_sync_answers_or_refuses(self, cursor, limit):
        try:
            with self.env.cr.savepoint():
                page = self.Api.sync(cursor=cursor, limit=limit)
        except UserError:
            return
        self.assertIn("cursor", page)
