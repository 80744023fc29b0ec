"""The ``profile`` case of ``access``: where the time of an online verify goes, server side.

Odoo's own WSGI application (``odoo.http.root``) serves ``--calls`` verify requests in this
process, through werkzeug's test client: the same routing, session, registry signaling,
bearer authentication and JSON-2 dispatch as ``odoo-bin``, without the network. Each
request is timed, and a bare authenticated ``res.users/context_get`` is served next to
each one as the baseline. Under cProfile, the time of the verify requests is split
between Odoo's steps (``_serve_db`` as a whole, ``check_signaling``, the routing match,
the bearer authentication, ``_pre_dispatch``, the response) and our body (the
``verify`` method), with the top functions by own time. The queries of one verify are
listed, in order, from ``odoo.sql_db``'s debug log.
"""

import cProfile
import io
import json
import logging
import os
import pstats
import random
import re
import uuid

from access_data import sell
from access_verify import Presenter, verify_plan
from harness import figure, note, percentile, ratio, timed
from werkzeug.test import Client

import odoo.http

# The steps of a request: (label, file suffix, function name) as cProfile names them.
STEPS = [
    ("request (_serve_db)", "odoo/http.py", "_serve_db"),
    ("registry check_signaling", "odoo/orm/registry.py", "check_signaling"),
    ("routing _match", "ir_http.py", "_match"),
    ("bearer auth (_authenticate)", "ir_http.py", "_authenticate"),
    ("_pre_dispatch", "ir_http.py", "_pre_dispatch"),
    ("our verify (sports.access.api)", "sports_access_api.py", "verify"),
    ("commit (cursor close)", "odoo/sql_db.py", "commit"),
    ("post_dispatch", "odoo/http.py", "post_dispatch"),
]
TOP = 25


class QueryLog(logging.Handler):
    """The queries ``odoo.sql_db`` logs at debug level, while attached."""

    QUERY = re.compile(r"^\[([\d.]+) ms\] query: (.*)$", re.S)

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = []

    def emit(self, record):
        match = self.QUERY.match(record.getMessage())
        if match:
            self.queries.append((float(match.group(1)), " ".join(match.group(2).split())))

    def __enter__(self):
        self.logger = logging.getLogger("odoo.sql_db")
        self.level, self.propagate = self.logger.level, self.logger.propagate
        self.logger.addHandler(self)
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False  # listed by the case, not printed by Odoo's handler
        return self

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
        self.logger.propagate = self.propagate
        self.logger.removeHandler(self)


class InProcess:
    """JSON-2 calls served by Odoo's WSGI application in this process."""

    def __init__(self, db, key):
        self.client = Client(odoo.http.root)
        self.headers = {
            "Authorization": f"bearer {key}",
            "X-Odoo-Database": db,
            "Content-Type": "application/json",
        }

    def execute(self, model, method, **params):
        response = self.client.post(
            f"/json/2/{model}/{method}", data=json.dumps(params), headers=self.headers
        )
        if response.status_code != 200:
            raise AssertionError(f"HTTP {response.status_code}: {response.get_data()[:300]!r}")
        return json.loads(response.get_data())

    def verify(self, credential, point):
        return self.execute(
            "sports.access.api",
            "verify",
            credential=credential,
            point=point,
            uuid=str(uuid.uuid4()),
        )


def profile(bench):
    env, args, setup = bench.env, bench.args, bench.data["venue"]
    rng = random.Random(args.seed)
    calls = args.calls
    plan = verify_plan(rng, calls)
    warmup = ["ticket", "day_pass", "exit", "unknown_uid"] * 5
    # The plan runs twice (timed, then under cProfile), and one more ticket for the query list.
    count = 2 * plan.count("ticket") + warmup.count("ticket") + 2
    tickets = sell(env, setup.types["single"], count)
    wrong = tickets.pop()
    env.cr.commit()
    presenter = Presenter(rng, tickets, setup.passes, wrong)
    server = InProcess(env.cr.dbname, setup.key)

    def call(kind):
        return server.verify(*presenter.credential(kind))

    for kind in warmup:
        call(kind)
        server.execute("res.users", "context_get")
    note(f"profile: {calls} verify and {calls} context_get served by odoo.http.root here")
    verify_s, bare_s = [], []
    for kind in plan:
        verify_s.append(timed(call, kind)[0])
        bare_s.append(timed(server.execute, "res.users", "context_get")[0])
    p50, base = percentile(verify_s, 50) * 1000, percentile(bare_s, 50) * 1000
    figure(
        "access.profile_time",
        f"in-process verify p50 {p50:.2f} ms, p95 {percentile(verify_s, 95) * 1000:.2f} ms; "
        f"context_get p50 {base:.2f} ms | ratio verify/context_get p50 {ratio(p50, base)}",
    )

    profiler = cProfile.Profile()
    profiler.enable()
    for kind in plan:
        call(kind)
    profiler.disable()
    if os.environ.get("ARENA_PROFILE_DUMP"):
        # For a closer look: python -m pstats <file>
        profiler.dump_stats(os.environ["ARENA_PROFILE_DUMP"])
    stats = pstats.Stats(profiler)
    split = []
    for label, suffix, name in STEPS:
        total = sum(
            cumulative
            for (path, _line, function), (_cc, _nc, _tt, cumulative, _callers) in (
                stats.stats.items()
            )
            if function == name and path.endswith(suffix)
        )
        split.append(f"{label} {total / calls * 1000:.2f}")
    figure("access.profile_split", "ms per verify under cProfile: " + "; ".join(split))
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(TOP)
    note("top functions by own time:\n" + text.getvalue().split("\n", 6)[-1].rstrip())
    text = io.StringIO()
    ours = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    ours.print_stats(r"addons/sports_|arena_access", TOP)
    note("our functions by cumulative time:\n" + text.getvalue().split("\n", 6)[-1].rstrip())

    shown = presenter.credential("ticket")  # read here, before the queries are listed
    with QueryLog() as log:
        server.verify(*shown)
    for ms, query in log.queries:
        note(f"  {ms:6.2f} ms  {query[:300]}")
    figure(
        "access.profile_queries",
        f"one granted ticket verify ran {len(log.queries)} queries "
        f"({sum(ms for ms, _q in log.queries):.2f} ms in PostgreSQL), listed above",
    )
    with QueryLog() as log:
        server.execute("res.users", "context_get")
    figure("access.profile_queries_base", f"one context_get ran {len(log.queries)} queries")
    return []
