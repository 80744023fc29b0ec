"""Bad input on the uplink receiver: malformed bodies and headers get a JSON error (400 or
401), never a 500, and write nothing.

``COVERED_ROUTES`` is read by sports_venue's route coverage check."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged

from ..controllers.uplink import UPLINK_ROUTE
from .test_uplink_receiver import KEY_ID, REGISTRATION, SECRET, envelope, sign

COVERED_ROUTES = {UPLINK_ROUTE}
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
TEXT = st.one_of(
    st.sampled_from(["", "\x00", "x" * 5000, "NaN", "-1", "2026-13-45T99:00:00+08:00"]),
    st.text(max_size=30),
)
VALUES = st.one_of(
    TEXT, st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=3)
)


@tagged("post_install", "-at_install")
class TestUplinkFuzz(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        operator = cls.env["res.company"].create({"name": "Fuzz Operator"})
        cls.env["sports.uplink.connection"].create(
            {
                "name": "Fuzz",
                "direction": "inbound",
                "key_id": KEY_ID,
                "secret": SECRET,
                "receiving_company_id": operator.id,
            }
        )

    @FUZZ
    @given(field=st.sampled_from(sorted(REGISTRATION)), value=VALUES, signed=st.booleans())
    def test_malformed_registrations_are_refused_cleanly(self, field, value, signed):
        payload = envelope("venue_registration", "venue/fz", dict(REGISTRATION, **{field: value}))
        body = json.dumps(payload).encode()
        headers = sign(SECRET if signed else "bad-bad-bad-bad-bad", body)
        inbox = self.env["sports.uplink.inbox"]
        before = inbox.search_count([])
        response = self.url_open(UPLINK_ROUTE, data=body, headers=headers)
        self.assertLess(response.status_code, 500, response.text)
        self.assertIn("status", response.json())
        if not signed:
            self.assertEqual(response.status_code, 401)
        if response.status_code != 200:
            self.assertEqual(inbox.search_count([]), before, "a refused message writes nothing")
