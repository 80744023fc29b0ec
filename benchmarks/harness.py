"""What every Arena benchmark shares: the command line, the Odoo registry and cursor, timing,
percentiles, worker threads with a cursor each, an ``odoo-bin`` HTTP server, a JSON-2 client
and the printed output.

A benchmark is a module docstring, its options and a list of cases; each case is a function
``case(bench) -> [problem, ...]`` that sets its data up, measures ours, measures a baseline in
the same run, prints each figure next to its baseline as a ratio and checks the answers::

    BENCH = Bench(__doc__, cases=[Case("grid", grid)], options=[option("--bookings", 5000, "...")])
    if __name__ == "__main__":
        sys.exit(BENCH.main(sys.argv[1:]))

``scripts/bench NAME`` runs ``bench_NAME.py --config FILE --db NAME [ARGS...]``; ``--only CASE``
runs one case, and a failed check prints ``FAILED: ...`` and exits 1 (Ctrl-C exits 130).
"""

import argparse
import contextlib
import http.client
import io
import logging
import os
import pstats
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry

from hw_proxy.odoo_client import OdooClient, OdooError

TZ = "Asia/Shanghai"
HOST = "127.0.0.1"
LABEL_WIDTH = 26  # figures line up after their label


class BenchError(Exception):
    """A benchmark's own check failed, or its set-up could not be done."""


# ----------------------------------------------------------------------------------------
# Output: figures on stdout, progress notes on stderr
# ----------------------------------------------------------------------------------------
def out(line=""):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def note(line):
    sys.stderr.write(f"[bench] {line}\n")
    sys.stderr.flush()


def print_profile(profiler, top):
    """The ``top`` functions of a cProfile run by cumulative and by own time, indented."""
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    for line in stream.getvalue().splitlines():
        if line.strip():
            out("  " + line.rstrip())


def figure(label, text):
    """One result line: ``label`` (``bench.case``) then what was measured."""
    out(f"{label:<{LABEL_WIDTH - 1}} {text}")


def ratio(ours, base, digits=1):
    """``ours / base`` as ``"2.4x"`` (``base`` measured in the same run)."""
    return f"{ours / max(base, 1e-12):.{digits}f}x"


class Checks(list):
    """The problems found by a case: ``checks.expect(condition, message)``."""

    def expect(self, condition, message):
        if not condition:
            self.append(message)
        return bool(condition)

    def no_errors(self, **errors_by_run):
        """Unexpected exceptions of thread runs, by the run's name."""
        for label, errors in errors_by_run.items():
            if errors:
                self.append(f"{label}: {len(errors)} unexpected errors, first: {errors[0]}")


# ----------------------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------------------
def timed(func, *args, **kwargs):
    """``(seconds, result)`` of one call, e.g. one JSON-2 request."""
    t0 = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - t0, value


def time_ms(func, *args):
    """``(milliseconds, result)`` of one call."""
    seconds, value = timed(func, *args)
    return seconds * 1000, value


def median_ms(repeat, func, *args, warmup=True):
    """``(median milliseconds of repeat calls, result of the first)``, after a warm-up call."""
    if warmup:
        func(*args)
    runs = [time_ms(func, *args) for _i in range(repeat)]
    return statistics.median(ms for ms, _value in runs), runs[0][1]


def percentile(values, pct):
    """The ``pct`` percentile (1-99) of ``values``, interpolated like statistics.quantiles."""
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


# ----------------------------------------------------------------------------------------
# Threads: each with its own cursor (connection)
# ----------------------------------------------------------------------------------------
class ThreadRun:
    """Run ``threads`` workers doing ``attempts`` attempts each, started together.

    ``make_attempt(cr)`` is called in each worker once its cursor is open and returns the
    function of one attempt, ``attempt(rng) -> outcome``; it must leave the transaction
    committed or rolled back. A worker never dies on an exception: it is counted as
    ``error`` and the message kept. Ctrl-C stops the workers after their current attempt,
    rolls back and closes their cursors, and re-raises KeyboardInterrupt.
    ``run()`` returns ``(Counter of outcomes, seconds from the start to the last end,
    error messages, whether the time limit cut the run short)``.
    """

    def __init__(self, registry, threads, attempts, max_seconds, seed):
        self.registry = registry
        self.threads = threads
        self.attempts = attempts
        self.max_seconds = max_seconds
        self.seed = seed

    def run(self, make_attempt):
        stop = threading.Event()
        timed_out = threading.Event()
        t0 = []
        # The action runs once, before any worker is released: all see the same start.
        barrier = threading.Barrier(self.threads, action=lambda: t0.append(time.perf_counter()))
        lock = threading.Lock()
        counts, errors, ends = Counter(), [], []

        def attempts(cr, attempt, rng, local):
            deadline = t0[0] + self.max_seconds
            for _i in range(self.attempts):
                if stop.is_set():
                    return
                if time.perf_counter() > deadline:
                    timed_out.set()
                    return
                try:
                    local[attempt(rng)] += 1
                except Exception as exc:  # a worker never dies
                    with contextlib.suppress(Exception):
                        cr.rollback()
                    local["error"] += 1
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")

        def worker(index):
            rng = random.Random(self.seed * 1000 + index)
            local = Counter()
            cr = None
            try:
                cr = self.registry.cursor()
                attempt = make_attempt(cr)
            except Exception as exc:  # reported, the run goes on
                with lock:
                    errors.append(f"set-up: {type(exc).__name__}: {exc}")
                barrier.abort()
            try:
                barrier.wait(timeout=120)
                attempts(cr, attempt, rng, local)
            except threading.BrokenBarrierError:
                pass
            finally:
                if cr is not None:
                    with contextlib.suppress(Exception):
                        cr.rollback()
                        cr.close()
                with lock:
                    counts.update(local)
                    ends.append(time.perf_counter())

        workers = [
            threading.Thread(target=worker, args=(i,), name=f"bench-{i}", daemon=True)
            for i in range(self.threads)
        ]
        for thread in workers:
            thread.start()
        try:
            while any(thread.is_alive() for thread in workers):
                for thread in workers:
                    thread.join(timeout=0.2)
        except KeyboardInterrupt:
            stop.set()
            barrier.abort()
            for thread in workers:
                thread.join(timeout=30)
            raise
        if not t0:
            raise BenchError("the workers could not start: " + "; ".join(errors[:3]))
        return counts, max(max(ends) - t0[0], 1e-9), errors, timed_out.is_set()


# ----------------------------------------------------------------------------------------
# An odoo-bin HTTP server and the JSON-2 client
# ----------------------------------------------------------------------------------------
class OdooServer:
    """``odoo-bin`` serving ``db`` on 127.0.0.1:``port`` (threaded, no cron), in the
    background; ``stop()`` ends it (and only it). ``EXTRA_ARGS``: more options of
    odoo-bin that a benchmark sets before its run (e.g. ``--workers``)."""

    EXTRA_ARGS = ()
    # With a number: the server listens on a socket made here with this backlog, handed to
    # odoo-bin as Odoo hands its own socket over on a reload (ODOO_HTTP_SOCKET_FD); the
    # prefork server's own backlog is 8 x workers.
    LISTEN_BACKLOG = None

    def __init__(self, config, db, port, log_path):
        self.config, self.db, self.port, self.log_path = config, db, port, log_path
        self.process = None

    def start(self):
        with socket.socket() as probe:
            if probe.connect_ex((HOST, self.port)) == 0:
                raise BenchError(
                    f"port {self.port} is taken: set ARENA_BENCH_HTTP_PORT to a free one"
                )
        source = os.path.dirname(os.path.dirname(odoo.release.__file__))  # odoo is a namespace
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        env, pass_fds, listener = None, (), None
        if self.LISTEN_BACKLOG:
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((HOST, self.port))
            listener.listen(self.LISTEN_BACKLOG)
            listener.setblocking(False)  # as odoo-bin's own socket
            env = dict(os.environ, ODOO_HTTP_SOCKET_FD=str(listener.fileno()))
            pass_fds = (listener.fileno(),)
        with open(self.log_path, "w", encoding="utf-8") as log:
            # A session of its own: Ctrl-C reaches this script, which stops the server.
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    os.path.join(source, "odoo-bin"),
                    *("-c", self.config, "-d", self.db, f"--db-filter=^{self.db}$"),
                    f"--http-interface={HOST}",
                    f"--http-port={self.port}",
                    "--max-cron-threads=0",
                    "--log-level=warn",
                    *self.EXTRA_ARGS,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=env,
                pass_fds=pass_fds,
            )
        if listener is not None:
            listener.close()  # odoo-bin holds it now
        note(f"odoo-bin serving {self.db} on http://{HOST}:{self.port} (log: {self.log_path})")

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"odoo-bin exited with {self.process.returncode}: see {self.log_path}"
                )
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                try:
                    conn.request("GET", "/web/health")
                    if conn.getresponse().status == 200:
                        return
                finally:
                    conn.close()
            time.sleep(0.5)
        raise BenchError(f"odoo-bin did not answer on port {self.port}: see {self.log_path}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def client(self, key, timeout=60):
        """The proxy's JSON-2 client (the one client of the repository) with ``key``."""
        return OdooClient(f"http://{HOST}:{self.port}", self.db, key, timeout=timeout)


# ----------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------
def bench_company(env, name):
    """``(company, administrator)``: the benchmark's own company in CNY (created the first
    time), to which the administrator, a normal user whose access rights and record rules
    apply, is given access."""
    company = env["res.company"].search([("name", "=", name)], limit=1)
    if not company:
        cny = env.ref("base.CNY")
        cny.active = True
        company = env["res.company"].create({"name": name, "currency_id": cny.id})
    admin = env.ref("base.user_admin")
    if company not in admin.company_ids:
        admin.company_ids = [(4, company.id)]
    return company, admin


def user_env(cr, user_id, company_id):
    """An Environment on ``cr`` of the user ``user_id`` working in the company
    ``company_id`` (access rights and record rules apply)."""
    context = {"allowed_company_ids": [company_id], "tz": TZ, "lang": "en_US"}
    return api.Environment(cr, user_id, context)


# ----------------------------------------------------------------------------------------
# The command line and the run
# ----------------------------------------------------------------------------------------
def option(flag, default, help_text, **kwargs):
    """A benchmark option: its type is the default's (a flag when the default is False)."""
    if default is False:
        return flag, {"action": "store_true", "help": help_text, **kwargs}
    return flag, {"type": type(default), "default": default, "help": help_text, **kwargs}


def http_port_option():
    port = int(os.environ.get("ARENA_BENCH_HTTP_PORT", "8399"))
    return option(
        "--http-port", port, "port of the odoo-bin started here (ARENA_BENCH_HTTP_PORT, 8399)"
    )


@dataclass
class Case:
    """One measurement: ``run(bench) -> problems``. ``server`` (a bool, or a function of
    the parsed arguments) says whether it needs the odoo-bin HTTP server."""

    name: str
    run: object
    server: object = False

    def needs_server(self, args):
        return self.server(args) if callable(self.server) else bool(self.server)


@dataclass
class Bench:
    """A benchmark: its docstring, cases and options, and what every run does around them.

    ``prepare(bench)`` runs first on the cursor of the run (and is committed);
    ``db_maxconn(args)`` sizes the connection pool (threads + spare); ``log_levels`` sets
    the level of loggers whose expected messages (e.g. serialisation failures) would drown
    the figures.
    """

    doc: str
    cases: list
    options: list = field(default_factory=list)
    seed: int = 1
    prepare: object = None
    db_maxconn: object = None
    log_levels: dict = field(default_factory=dict)
    # Filled by main():
    args: object = None
    registry: object = None
    env: object = None
    server: object = None
    data: dict = field(default_factory=dict)

    def parse_args(self, argv):
        parser = argparse.ArgumentParser(description=self.doc.split("\n\n")[0])
        parser.add_argument("--config", required=True, help="Odoo configuration file")
        parser.add_argument("--db", required=True, help="benchmark database")
        for flag, kwargs in self.options:
            parser.add_argument(flag, **kwargs)
        parser.add_argument("--seed", type=int, default=self.seed, help="random seed")
        names = [case.name for case in self.cases]
        parser.add_argument("--only", choices=names, help="run one of the cases")
        return parser.parse_args(argv)

    def selected(self):
        return [case for case in self.cases if self.args.only in (None, case.name)]

    def main(self, argv):
        self.args = args = self.parse_args(argv)
        maxconn = self.db_maxconn(args) if self.db_maxconn else 8
        odoo.tools.config.parse_config(
            ["-c", args.config, "--log-level=warn", f"--db_maxconn={maxconn}"],
            setup_logging=True,
        )
        for name, level in self.log_levels.items():
            logging.getLogger(name).setLevel(level)
        random.seed(args.seed)
        self.registry = Registry(args.db)
        cases = self.selected()
        if any(case.needs_server(args) for case in cases):
            log_dir = os.path.join(os.path.dirname(os.path.abspath(args.config)), "bench")
            log_path = os.path.join(log_dir, f"{args.db}-odoo.log")
            self.server = OdooServer(args.config, args.db, args.http_port, log_path)
        problems = []
        started = time.perf_counter()
        with self.registry.cursor() as cr:
            self.env = api.Environment(cr, SUPERUSER_ID, {"tz": TZ, "lang": "en_US"})
            try:
                problems += self._run(cases)
            except KeyboardInterrupt:
                with contextlib.suppress(Exception):
                    cr.rollback()
                note("interrupted: open transactions rolled back; the next run starts afresh")
                return 130
            except (BenchError, OdooError, UserError, ValidationError) as exc:
                cr.rollback()
                problems.append(f"{type(exc).__name__}: {exc}")
            finally:
                if self.server is not None:
                    self.server.stop()
        note(f"total {time.perf_counter() - started:.0f} s")
        for problem in problems:
            out(f"FAILED: {problem}")
        return 1 if problems else 0

    def _run(self, cases):
        if self.server is not None:
            self.server.start()  # it loads the registry while the data is set up
        if self.prepare is not None:
            self.prepare(self)
            self.env.cr.commit()
        if self.server is not None:
            self.server.wait_ready()  # nothing is timed while it loads
        problems = []
        for index, case in enumerate(cases):
            if self.server is not None and not any(
                later.needs_server(self.args) for later in cases[index:]
            ):
                self.server.stop()  # done with HTTP: the server's cores go to the rest
            problems += case.run(self) or []
        return problems
