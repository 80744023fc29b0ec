"""Malformed arguments to every public JSON-2 method of Arena (issue 12, bad input).

For each method of ``public_methods.METHODS`` and each of its arguments, hypothesis draws
malformed values of the argument's kind and the test posts them over real HTTP to
``/json/2/<model>/<method>``, the other arguments valid, with the API key of a user who
has the method's right. Each answer must be a 4xx with a message, and nothing may be
written. The failures of all methods are collected and reported together, one line per
method, argument and value, with the first line of the error.
"""

import json
import math

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, new_test_user, tagged

from .public_methods import fingerprint, fingerprint_diff
from .test_public_methods import PublicMethodsFixture, has_right, installed_methods

# Examples per argument: the whole suite stays well under two minutes.
MAX_EXAMPLES = 6
REFUSED = {400, 403, 404, 409, 422}
# An id no record has, and ids PostgreSQL's integer cannot hold.
MISSING_ID = 999_999_999
HUGE = "x" * 100_000

_TYPE_JUNK = [[], {}, [1, 2], {"a": 1}, True]
_NUL = ["\x00", "a\x00b", "\x00" * 3]


def _far_number():
    return st.floats(allow_nan=True, allow_infinity=True).filter(
        lambda x: not math.isfinite(x) or abs(x) > 1e7
    )


def _ids():
    return st.sampled_from([-1, MISSING_ID, 2**31, 2**63, 2**70, 1.5, "abc", "1; --", *_TYPE_JUNK])


def _moments():
    return st.sampled_from(
        [
            "9999-12-31 23:59:59",
            "0001-01-01 00:00:00",
            "2026-13-45 10:00:00",
            "not a time",
            "2026-12-01T10:00:00+99:00",
            "2026-12-01\x0010:00:00",
            10**20,
            -(10**20),
            HUGE,
            *_TYPE_JUNK,
        ]
    )


def _event_batches():
    good = {
        "uuid": "5f1d7a4e-0000-4000-8000-000000000001",
        "point": "x",
        "credential": "x",
        "direction": "in",
        "decision": "granted",
        "reason": None,
        "device_time": "2026-11-25T10:00:00+08:00",
    }
    return st.sampled_from(
        [
            "not a list",
            {"a": 1},
            5,
            True,
            [1, 2],
            [None],
            [{"uuid": "\x00"}],
            [dict(good, device_time="9999-12-31T23:59:59+00:00")],
            [dict(good, device_time=1e20)],
            [dict(good, device_time=-1e20)],
            [dict(good, point="\x00", credential=HUGE)],
            [good] * 1001,
        ]
    )


def _reading_batches():
    good = {
        "uuid": "5f1d7a4e-0000-4000-8000-000000000002",
        "device": "x",
        "metric": "people_in",
        "value": 1,
        "measured_at": "2026-11-25T10:00:00+08:00",
    }
    return st.sampled_from(
        [
            "not a list",
            {"a": 1},
            5,
            [1, 2],
            [None],
            [dict(good, value=math.inf)],
            [dict(good, value=math.nan)],
            [dict(good, value=1e308)],
            [dict(good, measured_at="9999-12-31T23:59:59+00:00")],
            [dict(good, measured_at=1e20)],
            [dict(good, device="\x00")],
            [good] * 1001,
        ]
    )


def strategy(kind):
    """Malformed values of an argument kind of ``public_methods``."""
    if kind.startswith("id:"):
        return _ids()
    if kind.startswith("choice:"):
        return st.sampled_from(["nope", "IN", "\x00", HUGE, 5, *_TYPE_JUNK])
    return {
        "amount": st.one_of(
            st.sampled_from([math.nan, math.inf, -math.inf, 1e308, 1e12, -5, "abc", "1e999"]),
            st.sampled_from(_TYPE_JUNK),
            _far_number(),
        ),
        "signed_amount": st.one_of(
            st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, "abc", *_TYPE_JUNK]),
            _far_number(),
        ),
        "key": st.one_of(
            st.sampled_from([*_NUL, HUGE, "k" * 129, 12345, 1.5, *_TYPE_JUNK]),
            st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=4).filter(
                lambda t: t.strip()
            ),
        ),
        "text": st.sampled_from([*_NUL, HUGE, 5, 1.5, *_TYPE_JUNK]),
        "moment": _moments(),
        "day": st.sampled_from(
            [
                "9999-12-31",
                "0001-01-01",
                "2026-02-30",
                "tomorrow",
                "2026-12-01\x00",
                20261201,
                HUGE,
                *_TYPE_JUNK,
            ]
        ),
        "int": st.sampled_from([-1, 0, 10**20, 1.5, "5", math.nan, *_TYPE_JUNK]),
        "signed_int": st.sampled_from([10**20, -(10**20), 1.5, "5", math.nan, *_TYPE_JUNK]),
        "cursor": st.sampled_from(
            ["²:1", "١:١", "abc", "1:2:3", "-1:-1", "9" * 30 + ":1", "\x00", HUGE, 5, *_TYPE_JUNK]
        ),
        "credential": st.sampled_from(
            [
                *_NUL,
                HUGE,
                5,
                [],
                [1, 2],
                True,
                {"kind": "qr"},
                {"kind": "nope", "value": "x"},
                {"kind": "card", "value": ["a"]},
                {"kind": "card", "value": "\x00"},
            ]
        ),
        "point": st.sampled_from([*_NUL, "no-such-point", MISSING_ID, 2**63, HUGE, *_TYPE_JUNK]),
        "venue": st.sampled_from(
            [*_NUL, "NO-SUCH-VENUE", MISSING_ID, 2**63, -1, HUGE, *_TYPE_JUNK]
        ),
        "batch": _event_batches(),
        "readings": _reading_batches(),
        # Ids that are no integer are Odoo's own JSON-2 parsing, not Arena's.
        "ids": st.just([MISSING_ID]),
    }[kind]


# Kinds where a well-formed refusal may also be a 200: a denied passage (logged, as
# every passage is) for a credential, or for a well-formed code of an unknown point, and
# a batch whose every item is rejected, with a reason.
def _tolerated(kind, value, body):
    denied = isinstance(body, dict) and body.get("decision") == "denied"
    if kind == "credential":
        return denied
    if kind == "point":
        well_formed = isinstance(value, str) and 0 < len(value) <= 128 and value.isprintable()
        return denied and well_formed
    if kind in ("batch", "readings"):
        return isinstance(body, dict) and not body.get("accepted")
    return False


@tagged("post_install", "-at_install")
class TestFuzzJson2(HttpCase):
    """No malformed argument to a public JSON-2 method gets a 500 or writes anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        cls.callers = []
        for login, group in (
            ("fuzz_staff", "sports_venue.group_arena_user"),
            ("fuzz_manager", "sports_venue.group_arena_manager"),
        ):
            user = new_test_user(
                cls.env, login, groups=group, company_id=company.id, company_ids=[company.id]
            )
            cls.callers.append((user, cls._api_key(user)))
        admin = cls.env.ref("base.user_admin")
        cls.callers.append((admin, cls._api_key(admin)))
        cls.proxy = None
        if "arena_proxy_venue_ids" in cls.env["res.users"]._fields:
            cls.proxy = cls.env.ref("sports_venue.venue_csc")._arena_proxy_provision()

    @classmethod
    def _api_key(cls, user):
        # sudo: an API key is generated for the user as they would in their preferences.
        return cls.env["res.users.apikeys"].with_user(user).sudo()._generate(None, "fuzz", None)

    def _caller(self, method):
        if method.right == "proxy" and self.proxy:
            return self.proxy
        for user, key in self.callers:
            if has_right(self.env, user, method):
                return user, key
        raise AssertionError(f"No test user has the right {method.right} of {method.key}")

    def _post(self, method, key, ids, kwargs):
        params = dict(kwargs)
        if ids is not None:
            params["ids"] = ids
        response = self.url_open(
            f"/json/2/{method.model}/{method.method}",
            data=json.dumps(params),
            headers={"Content-Type": "application/json", "Authorization": f"bearer {key}"},
            timeout=60,
        )
        try:
            body = response.json()
        except ValueError:
            body = response.text[:200]
        return response.status_code, body

    def test_malformed_arguments_get_a_4xx_and_write_nothing(self):
        fx = PublicMethodsFixture(self.env)
        failures = []
        for method in installed_methods(self.env):
            _user, key = self._caller(method)
            records, _kwargs = method.valid(fx)
            kinds = dict(method.args)
            if records is not None and method.writes:
                kinds["ids"] = "ids"
            for arg, kind in kinds.items():
                self._fuzz(fx, method, key, arg, kind, failures)
        if failures:
            self.fail(
                f"{len(failures)} malformed inputs were not refused cleanly:\n"
                + "\n".join(failures)
            )

    def _fuzz(self, fx, method, key, arg, kind, failures):
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(value=strategy(kind))
        def check(value):
            records, kwargs = method.valid(fx)
            ids = records.ids if records is not None else None
            if arg == "ids":
                ids = value
            else:
                kwargs[arg] = value
            self.env.flush_all()
            before = fingerprint(self.env.cr)
            # Whatever a call that gets through writes is undone, so that every example
            # starts from the same data.
            savepoint = self.env.cr.savepoint()
            try:
                status, body = self._post(method, key, ids, kwargs)
                self.env.invalidate_all()
                written = fingerprint_diff(before, fingerprint(self.env.cr))
            finally:
                savepoint.close(rollback=True)
                self.env.invalidate_all()
            problem = None
            if status == 200 and _tolerated(kind, value, body):
                return
            if status not in REFUSED:
                problem = f"HTTP {status}"
            elif not (isinstance(body, dict) and body.get("message")):
                problem = f"HTTP {status} without a message"
            elif written:
                problem = f"HTTP {status} but wrote {', '.join(written)}"
            if problem:
                shown = repr(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                error = body.get("name", "") if isinstance(body, dict) else ""
                message = body.get("message", "") if isinstance(body, dict) else body
                detail = f"{error}: {str(message).splitlines()[0][:140]}" if message else error
                failures.append(
                    f"{method.model}.{method.method} {arg}={shown}: {problem} ({detail})"
                )

        check()
