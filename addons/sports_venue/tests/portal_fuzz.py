"""Shared pieces of the portal fuzz suites (issue 12, bad input).

Every Arena addon with portal or website routes has a ``tests/test_fuzz_portal.py`` that
declares the routes it covers in ``COVERED_ROUTES`` and posts malformed values to each of
them. ``sports_venue``'s own ``test_fuzz_portal.py`` checks that together these suites
cover every Arena route of the routing map, so a new route without a fuzz test fails.
"""

import importlib
import math
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from odoo import http
from odoo.tests import HttpCase
from odoo.tools import SQL

from .arena_addons import ARENA_ADDONS, is_arena_module

# Bounded, reproducible, and quiet: no example database in the checkout. A deeper run:
# ARENA_FUZZ_EXAMPLES=200 scripts/test.
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("ARENA_FUZZ_EXAMPLES") or 20),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# Tables outside sports_* that a portal route may write to.
WATCHED_TABLES = (
    "sale_order",
    "sale_order_line",
    "account_move",
    "account_move_line",
    "payment_transaction",
)
LONG_TEXT = "x" * 100_000

# Values that are never a number a customer can mean.
BAD_NUMBERS = [
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e308",
    "-1e308",
    "1e309",
    "abc",
    " ",
    "\x00",
    "1\x00",
    "0x10",
    "½",
    "²",
    LONG_TEXT,
    "9" * 5000,
]
# Values that are never the id of a record the member may use.
BAD_IDS = ["abc", "", "-1", "0", "1.5", "1e3", "\x00", "1\x00", "2147483648", "9" * 30, LONG_TEXT]
# Values that are never a usable date or time.
BAD_DATES = [
    "9999-12-31",
    "9999-12-31 23:00:00",
    "0001-01-01",
    "0001-01-01 00:00:00",
    "2026-02-30",
    "garbage",
    "\x00",
    "2026-12-01\x00",
    LONG_TEXT,
]
# Text that no form field takes as it is.
BAD_TEXTS = ["\x00", "a\x00b", LONG_TEXT, "é" * 300, "<script>alert(1)</script>", "%s%(x)s{}"]


def bad_number():
    """Text that is not a finite, reasonable amount or quantity."""
    return st.one_of(
        st.sampled_from(BAD_NUMBERS),
        st.floats(allow_nan=True, allow_infinity=True)
        .filter(lambda f: not math.isfinite(f) or abs(f) > 1e9)
        .map(repr),
        st.text(min_size=1, max_size=20).filter(lambda t: not _is_float(t)),
    )


def bad_id():
    return st.one_of(
        st.sampled_from(BAD_IDS),
        st.integers(min_value=2**31).map(str),
        st.integers(max_value=0).map(str),
        st.text(max_size=12).filter(lambda t: not t.strip().isdecimal()),
    )


def bad_date():
    return st.one_of(
        st.sampled_from(BAD_DATES),
        st.text(max_size=30).filter(lambda t: not t[:1].isdigit()),
    )


def bad_text():
    return st.one_of(st.sampled_from(BAD_TEXTS), st.text(min_size=1, max_size=30))


# Drawn by a field's strategy when leaving the field out of the form is malformed too.
MISSING = object()


def corrupted(valid, bad):
    """Forms derived from ``valid`` with at least one field replaced by a value of its
    ``bad`` strategy (``MISSING`` leaves it out), so every form drawn is malformed."""
    names = sorted(bad)

    @st.composite
    def build(draw):
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        form = dict(valid)
        for name in chosen:
            value = draw(bad[name])
            if value is MISSING:
                form.pop(name, None)
            else:
                form[name] = value
        return form

    return build()


def _is_float(value):
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def arena_routes(env):
    """``{(url rule, methods)}`` of every route whose controller lives in an Arena addon."""
    routes = set()
    for rule in env["ir.http"].routing_map().iter_rules():
        if not is_arena_module(rule.endpoint.__module__):
            continue
        methods = frozenset(rule.endpoint.routing.get("methods") or ("GET", "POST"))
        routes.add((rule.rule, methods))
    return routes


def covered_routes(env):
    """The routes declared covered by the fuzz suites of the installed Arena addons."""
    modules = env["ir.module.module"].search(
        [("name", "in", sorted(ARENA_ADDONS)), ("state", "=", "installed")]
    )
    covered = {}
    for name in modules.mapped("name"):
        try:
            suite = importlib.import_module(f"odoo.addons.{name}.tests.test_fuzz_portal")
        except ModuleNotFoundError:
            continue
        for route in getattr(suite, "COVERED_ROUTES", ()):
            covered[route] = name
    return covered


class PortalFuzzCase(HttpCase):
    """Helpers to post malformed values and to prove that nothing was written."""

    def fingerprint(self):
        """Row count and latest write of every sports_* table and of the sale, invoice
        and payment tables: what a portal route could write."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT t.table_name,
                   EXISTS (SELECT 1 FROM information_schema.columns c
                            WHERE c.table_schema = t.table_schema
                              AND c.table_name = t.table_name
                              AND c.column_name = 'write_date')
              FROM information_schema.tables t
             WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
               AND (t.table_name LIKE %s OR t.table_name = ANY(%s))
             ORDER BY t.table_name
            """,
                "sports\\_%",
                list(WATCHED_TABLES),
            )
        )
        result = {}
        for table, has_write_date in self.env.cr.fetchall():
            self.env.cr.execute(
                SQL(
                    "SELECT count(*), %s FROM %s",
                    SQL("max(write_date)") if has_write_date else SQL("NULL"),
                    SQL.identifier(table),
                )
            )
            result[table] = self.env.cr.fetchone()
        return result

    def send(self, method, url, form=None):
        """``method`` ``url`` with ``form`` (a query string for GET, a form for POST with
        the session's CSRF token); redirects are not followed."""
        form = dict(form or {})
        self._fuzz_sent = f"{method} {url} {form!r}"[:600]
        if method == "POST":
            form["csrf_token"] = http.Request.csrf_token(self)
            return self.url_open(url, data=form, allow_redirects=False, timeout=60)
        return self.url_open(url, params=form, allow_redirects=False, timeout=60)

    def _fuzz_context(self, response):
        """What was sent, and the answer's error message or its end."""
        text = response.text
        start = text.find('role="alert"')
        shown = text[start : start + 500] if start >= 0 else text[-1500:]
        return f"{getattr(self, '_fuzz_sent', '')} -> {response.status_code}: {shown}"

    def assertRefused(self, response, statuses=(400, 403, 404, 422), alert=None):
        """A 4xx answer with a message, never a crash; with ``alert``, the form came back
        with that CSS class of error shown."""
        context = self._fuzz_context(response)
        self.assertIn(response.status_code, statuses, context)
        self.assertNotIn("Traceback", response.text, context)
        self.assertTrue(response.text.strip(), context)
        if alert and response.status_code == 422:
            self.assertIn(alert, response.text, context)

    def assertNotCrashed(self, response):
        """A page answered without a crash (display parameters may fall back)."""
        context = self._fuzz_context(response)
        self.assertLess(response.status_code, 500, context)
        self.assertNotIn("Traceback", response.text, context)
