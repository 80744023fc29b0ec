"""Malformed arguments to every public JSON-2 method of Arena (issue 12, bad input).

For each method of ``public_methods.METHODS`` and each of its arguments, the test posts
every fixed malformed value of the argument's kind (``FIXED``, as hypothesis examples)
and a few that hypothesis draws (``GENERATED``, derandomized) over real HTTP to
``/json/2/<model>/<method>``, the other arguments valid, with the API key of a user who
has the method's right. Each answer must be a 4xx with a message, and nothing may be
written. The failures of all methods are collected and reported together, one line per
method, argument and value, with the first line of the error.
"""

import math

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, new_test_user, tagged

from .json2 import post_json2
from .public_methods_scan import WriteProbe
from .test_public_methods import PublicMethodsFixture, has_right, installed_methods

# Drawn examples per argument, besides the fixed ones: the suite stays under two minutes.
MAX_EXAMPLES = 3
REFUSED = {400, 403, 404, 409, 422}
# An id no record has, and ids PostgreSQL's integer cannot hold.
MISSING_ID = 999_999_999
HUGE = "x" * 100_000

_TYPE_JUNK = [[], {}, [1, 2], {"a": 1}, True]
_NUL = ["\x00", "a\x00b", "\x00" * 3]
_CONTROL_TEXT = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=4)
_IDS = [-1, MISSING_ID, 2**31, 2**63, 2**70, 1.5, "abc", "1; --", *_TYPE_JUNK]
_MOMENTS = [
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
_GOOD_EVENT = {
    "uuid": "5f1d7a4e-0000-4000-8000-000000000001",
    "point": "x",
    "credential": "x",
    "direction": "in",
    "decision": "granted",
    "reason": None,
    "device_time": "2026-11-25T10:00:00+08:00",
}
_GOOD_READING = {
    "uuid": "5f1d7a4e-0000-4000-8000-000000000002",
    "device": "x",
    "metric": "people_in",
    "value": 1,
    "measured_at": "2026-11-25T10:00:00+08:00",
}
FIXED = {
    "amount": [math.nan, math.inf, -math.inf, 1e308, 1e12, -5, "abc", "1e999", *_TYPE_JUNK],
    "signed_amount": [math.nan, math.inf, -math.inf, 1e308, -1e308, "abc", *_TYPE_JUNK],
    "key": [*_NUL, HUGE, "k" * 129, 12345, 1.5, *_TYPE_JUNK],
    "text": [*_NUL, HUGE, 5, 1.5, *_TYPE_JUNK],
    "moment": _MOMENTS,
    "day": [
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "tomorrow",
        "2026-12-01\x00",
        20261201,
        HUGE,
        *_TYPE_JUNK,
    ],
    "int": [-1, 0, 10**20, 1.5, "5", math.nan, *_TYPE_JUNK],
    "signed_int": [10**20, -(10**20), 1.5, "5", math.nan, *_TYPE_JUNK],
    "cursor": [
        "²:1",
        "١:١",
        "abc",
        "1:2:3",
        "-1:-1",
        "9" * 30 + ":1",
        "\x00",
        HUGE,
        5,
        *_TYPE_JUNK,
    ],
    "credential": [
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
    ],
    "point": [*_NUL, "no-such-point", MISSING_ID, 2**63, HUGE, *_TYPE_JUNK],
    "venue": [*_NUL, "NO-SUCH-VENUE", MISSING_ID, 2**63, -1, HUGE, *_TYPE_JUNK],
    "batch": [
        "not a list",
        {"a": 1},
        5,
        True,
        [1, 2],
        [None],
        [{"uuid": "\x00"}],
        [dict(_GOOD_EVENT, device_time="9999-12-31T23:59:59+00:00")],
        [dict(_GOOD_EVENT, device_time=1e20)],
        [dict(_GOOD_EVENT, device_time=-1e20)],
        [dict(_GOOD_EVENT, point="\x00", credential=HUGE)],
        [_GOOD_EVENT] * 1001,
    ],
    "readings": [
        "not a list",
        {"a": 1},
        5,
        [1, 2],
        [None],
        [dict(_GOOD_READING, value=math.inf)],
        [dict(_GOOD_READING, value=math.nan)],
        [dict(_GOOD_READING, value=1e308)],
        [dict(_GOOD_READING, measured_at="9999-12-31T23:59:59+00:00")],
        [dict(_GOOD_READING, measured_at=1e20)],
        [dict(_GOOD_READING, device="\x00")],
        [_GOOD_READING] * 1001,
    ],
    # Ids that are no integer are Odoo's own JSON-2 parsing, not Arena's.
    "ids": [[MISSING_ID]],
}


def _far_number():
    return st.floats(allow_nan=True, allow_infinity=True).filter(
        lambda x: not math.isfinite(x) or abs(x) > 1e7
    )


def _far_year():
    return st.one_of(st.integers(1, 1999), st.integers(2101, 9999))


def _valid_cursor(text):
    head, sep, tail = text.partition(":")
    return sep and head.isascii() and head.isdigit() and tail.isascii() and tail.isdigit()


GENERATED = {
    "amount": _far_number(),
    "signed_amount": _far_number(),
    "key": _CONTROL_TEXT.filter(str.strip),
    "text": _CONTROL_TEXT.filter(str.strip),
    "moment": _far_year().map(lambda y: f"{y:04d}-06-01 10:00:00"),
    "day": _far_year().map(lambda y: f"{y:04d}-06-01"),
    "int": st.one_of(st.integers(max_value=-1), st.integers(min_value=10**12)),
    "signed_int": st.one_of(st.integers(max_value=-(2**31)), st.integers(min_value=2**31)),
    "cursor": st.text(alphabet="0123456789:²³¹١٢-", min_size=1, max_size=8).filter(
        lambda t: not _valid_cursor(t)
    ),
    "credential": _CONTROL_TEXT,
    "point": _CONTROL_TEXT,
    "venue": _CONTROL_TEXT,
    "ids": st.integers(10**9, 2**31 - 1).map(lambda n: [n]),
}


def malformed(kind):
    """``(values, strategy)``: values always posted for ``kind``, and hypothesis's extras."""
    if kind.startswith("id:"):
        return _IDS, st.one_of(st.integers(max_value=-1), st.integers(min_value=2**31))
    if kind.startswith("choice:"):
        choices = kind[len("choice:") :].split("|")
        return (
            ["nope", "IN", "\x00", HUGE, 5, *_TYPE_JUNK],
            st.text(min_size=1, max_size=6).filter(lambda t: t not in choices),
        )
    return FIXED[kind], GENERATED.get(kind, st.sampled_from(FIXED[kind]))


# Kinds where a well-formed refusal may also be a 200: a denied passage (logged, as
# every passage is) for a credential, or for a well-formed code or id of an unknown point, and
# a batch whose every item is rejected, with a reason.
def _tolerated(kind, value, body):
    denied = isinstance(body, dict) and body.get("decision") == "denied"
    if kind == "credential":
        return denied
    if kind == "point":
        # A point is named by its code or its id: an unknown one is denied like a forged QR.
        code = isinstance(value, str) and 0 < len(value) <= 128 and value.isprintable()
        point_id = type(value) is int and 0 < value < 2**31
        return denied and (code or point_id)
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
        # A method that needs a group nobody above has (e.g. a bureau's voucher officers)
        # is called by a user of that group alone.
        groups = {
            method.right
            for method in installed_methods(cls.env)
            if ":" not in method.right and "." in method.right
        }
        for group in sorted(groups):
            if not any(cls.env.user.browse(u.id).has_group(group) for u, _k in cls.callers):
                login = "fuzz_" + group.replace(".", "_")
                user = new_test_user(
                    cls.env, login, groups=group, company_id=company.id, company_ids=[company.id]
                )
                cls.callers.append((user, cls._api_key(user)))
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
        return post_json2(self, method.model, method.method, key, **params)

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
        fixed, generated = malformed(kind)

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(value=generated)
        def check(value):
            records, kwargs = method.valid(fx)
            ids = records.ids if records is not None else None
            if arg == "ids":
                ids = value
            else:
                kwargs[arg] = value
            self.env.flush_all()
            probe = WriteProbe(self.env.cr)
            # Whatever a call that gets through writes is undone, so that every example
            # starts from the same data.
            savepoint = self.env.cr.savepoint()
            try:
                status, body = self._post(method, key, ids, kwargs)
                self.env.invalidate_all()
                written = probe.written(savepoint)
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

        for value in fixed:
            check = example(value=value)(check)
        check()
