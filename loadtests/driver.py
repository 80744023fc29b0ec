"""The Odoo side of ``scripts/load NAME``: prepares the data inside Odoo, serves the database
with ``odoo-bin`` (ours: prefork workers; the baseline: today's threaded server, one
process), runs locust against each in turn from its own venv, checks the database and writes
``summary.json`` next to locust's ``report.html``.

``scripts/load`` runs it as ``driver.py NAME --config FILE --db NAME --out DIR --locust BIN``
followed by the user's options (``--help``).
"""

import argparse
import contextlib
import importlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(os.path.dirname(HERE), "benchmarks")]

import requests  # noqa: E402
from harness import HOST, OdooServer, note, out, percentile  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402

SCENARIOS = {
    "booking-rush": "members race for the hot slots at the window's opening (portal routes)",
    "voucher-claim": "members claim a batch of vouchers in the first second of its release",
    "gate-day": "proxies upload a busy day's gate events over JSON-2 while members browse",
}
CORES = os.cpu_count() or 2


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="scripts/load", description=__doc__)
    parser.add_argument("name", choices=sorted(SCENARIOS))
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, help="folder for summary.json and report.html")
    parser.add_argument("--locust", required=True, help="the locust program of the load venv")
    parser.add_argument("--port", type=int, default=8399, help="HTTP port of the servers")
    parser.add_argument(
        "--nginx-port", type=int, default=8400, help="ours: nginx in front of the workers"
    )
    parser.add_argument(
        "--workers", type=int, default=2 * CORES + 1, help="ours: prefork workers (2*cores+1)"
    )
    parser.add_argument(
        "--backlog",
        type=int,
        default=1024,
        help="ours: listen backlog of the workers' socket (0: Odoo's own, 8 x workers)",
    )
    parser.add_argument("--users", type=int, help="simulated members (500; voucher-claim 1000)")
    parser.add_argument("--staff", type=int, default=3, help="staff loading the bookings list")
    parser.add_argument("--logins", type=int, default=5, help="members who log in on /web/login")
    parser.add_argument("--courts", type=int, default=5, help="courts with hot slots")
    parser.add_argument("--hours", type=int, default=10, help="hot one-hour slots per court")
    parser.add_argument("--lead", type=int, default=35, help="seconds from start to release")
    parser.add_argument(
        "--rush",
        type=int,
        default=120,
        help="at most this long after the release (it ends when all are done)",
    )
    parser.add_argument("--vouchers", type=int, default=250, help="voucher-claim: batch size")
    parser.add_argument("--proxies", type=int, default=20, help="gate-day: proxies (venues)")
    parser.add_argument("--events", type=int, default=1500, help="gate-day: events per proxy")
    parser.add_argument("--batch", type=int, default=100, help="gate-day: events per upload")
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-process run")
    parser.add_argument(
        "--smoke", action="store_true", help="20 members, 2 courts x 2 hours, no baseline"
    )
    args = parser.parse_args(argv)
    if args.nginx_port in (args.port, args.port + 2, args.port + 3):
        parser.error(
            f"--nginx-port {args.nginx_port} is a server's: ours on --port, the baseline on "
            "--port + 2, the gevent process on --port + 3"
        )
    if args.name == "gate-day":  # members browsing; the day starts soon and lasts 60 s at most
        args.users = 30 if args.users is None else args.users
        args.lead = 15 if "--lead" not in argv else args.lead
        args.rush = 60 if "--rush" not in argv else args.rush
    if args.users is None:
        args.users = 1000 if args.name == "voucher-claim" else 500
    if args.smoke:
        args.users, args.staff, args.logins, args.courts, args.hours = 20, 1, 2, 2, 2
        args.no_baseline, args.lead, args.rush, args.workers = True, 20, 60, 2
        args.vouchers = 5
        if args.name == "gate-day":
            args.users, args.proxies, args.events, args.batch = 5, 3, 300, 50
    return args


def odoo_env(args):
    # The driver's own pool stays small: the servers get the connections.
    odoo.tools.config.parse_config(
        ["-c", args.config, "--log-level=warn", "--db_maxconn=4"], setup_logging=True
    )
    registry = Registry(args.db)
    return registry


@contextlib.contextmanager
def nginx_in_front(args, run_out):
    """nginx with the committed ``docker/nginx.conf`` in front of the workers (port) and
    the gevent port (port + 3), as production runs; only the addresses are replaced (as
    tests/test_pgbouncer_e2e.py does). Yields its URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    root = os.path.dirname(HERE)
    with open(os.path.join(root, "docker", "nginx.conf"), encoding="utf-8") as fp:
        site = fp.read()
    replaced = {
        "server odoo:8069;": f"server {HOST}:{args.port};",
        "server odoo-bus:8072;": f"server {HOST}:{args.port + 3};",
        "listen 80;": f"listen {HOST}:{args.nginx_port};",
    }
    for old, new in replaced.items():
        if old not in site:
            raise RuntimeError(f"docker/nginx.conf no longer says {old!r}")
        site = site.replace(old, new)
    tmp = tempfile.mkdtemp(prefix="arena-load-nginx-")
    with open(os.path.join(tmp, "site.conf"), "w", encoding="utf-8") as fp:
        fp.write(site)
    temp_paths = "".join(
        f"  {kind}_temp_path {tmp}/{kind}_temp;\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    with open(os.path.join(tmp, "nginx.conf"), "w", encoding="utf-8") as fp:
        fp.write(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {tmp}/nginx.pid;\nerror_log {run_out}/nginx-error.log warn;\n"
            # One process: the two cores are Odoo's. Each member holds a connection to
            # nginx, and each request one to a worker.
            + "worker_processes 1;\nevents { worker_connections 4096; }\n"
            + f"http {{\n  access_log off;\n{temp_paths}  include {tmp}/site.conf;\n}}\n"
        )
    command = [binary, "-p", tmp, "-c", os.path.join(tmp, "nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True)
    # Whatever answers on the port must be this nginx, not a server left there.
    with socket.socket() as probe:
        if probe.connect_ex((HOST, args.nginx_port)) == 0:
            raise RuntimeError(f"port {args.nginx_port} is taken: set ARENA_LOAD_NGINX_PORT")
    process = subprocess.Popen([*command, "-g", "daemon off;"], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while not requests_ok(f"http://{HOST}:{args.nginx_port}/web/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not serve on {args.nginx_port}")
            time.sleep(0.2)
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: see {run_out}/nginx-error.log")
        yield f"http://{HOST}:{args.nginx_port}"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        if process.poll() is None:
            process.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def requests_ok(url):
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False


def run_locust(args, run_plan_path, run_out, users, duration, host):
    env = dict(os.environ, LOAD_PLAN=run_plan_path, LOAD_RESULT=os.path.join(run_out, "raw.json"))
    command = [
        args.locust,
        *("-f", os.path.join(HERE, f"locust_{args.name.replace('-', '_')}.py")),
        "--headless",
        *("-u", str(users), "-r", str(max(users // 5, 1)), "-t", f"{duration}s"),
        *("--host", host),
        *("--html", os.path.join(run_out, "report.html")),
        "--json",
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    # locust's own CPU (one process simulating every user): is the load generator the
    # bottleneck? It is the only child that ends meanwhile.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.path.join(run_out, "locust.json"), "w", encoding="utf-8") as stdout:
        subprocess.run(command, env=env, stdout=stdout, check=False, timeout=duration + 120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.path.join(run_out, "raw.json"), encoding="utf-8") as raw:
        result = json.load(raw)
    result["locust_cpu_s"] = round(
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
    )
    return result


def figures(raw):
    """p50/p99 (ms) and counts of each request name, and the status codes."""
    result = {}
    for name, times in sorted(raw["times"].items()):
        result[name] = {
            "count": len(times),
            "p50_ms": round(percentile(times, 50)) if times else None,
            "p99_ms": round(percentile(times, 99)) if times else None,
        }
    return result


def check_bus(args, registry, plan, base):
    """With workers, the bus goes through the gevent port (behind nginx at ``base``): a
    staff session's websocket there receives a notification sent to its partner from
    another process (this one)."""
    import websocket  # Odoo's own requirement (websocket-client)

    login = plan["staff"][0]["login"]
    token = uuid.uuid4().hex
    url = base.replace("http://", "ws://") + "/websocket"
    # The gevent process starts beside the workers and loads its registry while they warm
    # up (this check runs meanwhile): on a busy machine that takes more than a minute.
    deadline = time.monotonic() + 120
    while True:
        try:
            ws = websocket.create_connection(
                url, cookie=f"session_id={plan['staff'][0]['sid']}", timeout=20
            )
            break
        except (OSError, websocket.WebSocketException):
            if time.monotonic() > deadline:
                return f"no websocket on {url}"
            time.sleep(1)
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        time.sleep(1)  # the subscription reaches the dispatcher
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.users"].search([("login", "=", login)]).partner_id
            env["bus.bus"]._sendone(partner, "arena_load/ping", {"token": token})
        while time.monotonic() < deadline:
            for notification in json.loads(ws.recv()):
                if notification["message"].get("payload", {}).get("token") == token:
                    return None
    except (OSError, websocket.WebSocketException) as exc:
        return f"the bus did not deliver on {url}: {exc}"
    finally:
        ws.close()
    return f"the bus did not deliver on {url} within two minutes"


def warm_up(base, run_plan, processes):
    """Each server process loads the registry and compiles the pages before locust starts
    (nothing timed): the scenario's warm-up pages, as many at once as there are
    processes, three times."""
    sid = run_plan["staff"][0]["sid"]

    def get(path):
        with contextlib.suppress(requests.RequestException):
            requests.get(base + path, cookies={"session_id": sid}, timeout=120)

    with ThreadPoolExecutor(processes) as pool:
        for _round in range(3):
            list(pool.map(get, run_plan["warm_up"] * processes))


def baseline_port(args):
    return args.port + 2


def make_server(args, label, server_args):
    """The server of one run: ours on ``--port`` (nginx and the gevent port, ``--port`` + 3,
    know it there), the baseline on ``--port`` + 2, so that it can start beside ours (and
    clear of nginx's default, ``--port`` + 1 with the defaults)."""
    run_out = os.path.join(args.out, label)
    os.makedirs(run_out, exist_ok=True)
    port = args.port if label == "ours" else baseline_port(args)
    server = OdooServer(args.config, args.db, port, os.path.join(run_out, "odoo.log"))
    server.EXTRA_ARGS = server_args
    if "--workers" in " ".join(server_args) and args.backlog:
        server.LISTEN_BACKLOG = args.backlog
    return server


def one_run(args, prep, registry, plan, label, server):
    """One run on ``server`` (started, maybe not ready yet), which it stops at its end."""
    run_out = os.path.join(args.out, label)
    server_args = server.EXTRA_ARGS
    # Seconds of each phase of the run, to see where a run's time goes.
    phases, mark = {}, [time.monotonic()]

    def phase(name):
        now = time.monotonic()
        phases[name] = round(now - mark[0], 1)
        mark[0] = now

    bus_problem = None
    workers = "--workers" in " ".join(server_args)
    try:
        server.wait_ready()
        phase("server start")
        with contextlib.ExitStack() as stack:
            # Ours as production runs it: nginx in front (it holds the members' connections).
            base = (
                stack.enter_context(nginx_in_front(args, run_out))
                if workers
                else f"http://{HOST}:{server.port}"
            )
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                run_plan = dict(plan, **prep.prepare_run(env, args, label))
            phase("prepare run")
            # The bus's gevent process loads its registry while the workers warm up.
            pool = stack.enter_context(ThreadPoolExecutor(1))
            bus_check = pool.submit(check_bus, args, registry, plan, base) if workers else None
            warm_up(base, run_plan, args.workers if workers else 4)
            phase("warm-up")
            if getattr(prep, "STARTS_AFTER_WARM_UP", False):  # gate-day: not a fixed hour
                run_plan["release_at"] = round(time.time() + args.lead)
            elif hasattr(prep, "schedule"):  # the lead starts now that the server is warm
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                    run_plan = prep.schedule(env, args, run_plan)
            path = os.path.join(run_out, "plan.json")
            with open(path, "w", encoding="utf-8") as fp:
                json.dump(run_plan, fp)
            wait = run_plan["release_at"] - time.time()
            note(f"{label}: release in {wait:.0f} s, {args.users} members, {base}")
            raw = run_locust(
                args, path, run_out, prep.locust_users(args), round(wait + args.rush), base
            )
            phases["lead"] = round(wait, 1)
            phase("locust")
            phases["after release"] = round(phases["locust"] - phases["lead"], 1)
            phases["locust CPU"] = raw["locust_cpu_s"]
            bus_problem = bus_check.result() if bus_check else None
    finally:
        stop_server(server)
    phase("server stop")
    statuses = raw["statuses"]
    run = {
        "server": (
            f"nginx -> {' '.join(server_args)} backlog {server.LISTEN_BACKLOG or '8 x workers'}"
            if workers
            else "threaded (one process)"
        ),
        "members": args.users,
        "release_at": run_plan["release_at"],
        "http_5xx": sum(n for code, n in statuses.items() if code.startswith("5")),
        "errors": raw["errors"],
        "statuses": statuses,
        "outcomes": raw["outcomes"],
        "requests": figures(raw),
        "problems": [bus_problem] if bus_problem else [],
        "phases_s": phases,
    }
    if run["http_5xx"]:
        run["problems"].append(f"{run['http_5xx']} HTTP 5xx")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run.update(prep.check_run(env, run_plan, run))
    return run


def stop_server(server):
    """Stop ``server`` without Odoo's graceful wait for its idle workers: locust is done,
    no request is in flight. A second SIGTERM is Odoo's own forced shutdown."""
    process = server.process
    if process is not None and process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(0.5)
        if process.poll() is None:
            process.terminate()
    server.stop()


def ratio(ours, base):
    if not ours or not base:
        return "n/a"
    return f"{base / ours:.1f}x"


def print_summary(prep, summary):
    def line(label, text):
        out(f"{label:<28}{text}")

    name, runs = summary["scenario"], summary["runs"]
    for label, run in runs.items():
        line(f"{name}.{label}", f"{run['server']}: {run['members']} members")
        for text in prep.lines(run):
            line("", text)
        line("", f"HTTP 5xx {run['http_5xx']}, errors {len(run['errors'])}")
        if run.get("phases_s"):
            line("", "seconds: " + ", ".join(f"{k} {v}" for k, v in run["phases_s"].items()))
        for request, fig in run["requests"].items():
            line("", f"{request}: p50 {fig['p50_ms']} ms, p99 {fig['p99_ms']} ms ({fig['count']})")
    if "baseline" in runs:
        ours, base = runs["ours"]["requests"], runs["baseline"]["requests"]
        parts = [
            f"{request} {ratio(ours.get(request, {}).get('p99_ms'), base.get(request, {}).get('p99_ms'))}"
            for request in prep.RATIO_REQUESTS
        ]
        line(f"{name}.ratio", "p99 baseline/ours (above 1: ours is faster): " + ", ".join(parts))
        for text in getattr(prep, "ratio_lines", lambda _runs: [])(runs):
            line(f"{name}.ratio", text)
    for finding in summary.get("findings", []):
        out(f"NOTE: {finding}")
    for problem in summary["problems"]:
        out(f"FAILED: {problem}")


def main(argv):
    args = parse_args(argv)
    prep = importlib.import_module(f"prepare_{args.name.replace('-', '_')}")

    os.makedirs(args.out, exist_ok=True)
    registry = odoo_env(args)
    started = time.time()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        plan = prep.prepare(env, args)
    note(f"prepared in {time.time() - started:.0f} s")
    runs = {
        "ours": (
            f"--workers={args.workers}",
            f"--gevent-port={args.port + 3}",
            "--db_maxconn=8",
            "--limit-time-real=120",
            "--proxy-mode",  # behind nginx, as docker/odoo.conf
        )
    }
    if not args.no_baseline:
        runs["baseline"] = ()  # today's threaded server: one process, ODOO_MAX_HTTP_THREADS
    summary = {"scenario": args.name, "runs": {}, "problems": [], "findings": []}
    # Both servers start at once (they load their registries on the two cores together);
    # the baseline's then idles, without cron, until ours is done and stopped.
    servers = {label: make_server(args, label, server_args) for label, server_args in runs.items()}
    try:
        for server in servers.values():
            server.start()
        for label, server in servers.items():
            summary["runs"][label] = run = one_run(args, prep, registry, plan, label, server)
            summary["problems"] += [f"{label}: {problem}" for problem in run["problems"]]
            # What a server could not serve fails ours; of the baseline it is what ours is
            # measured against.
            shortfalls = [f"{label}: {text}" for text in run.get("shortfalls", [])]
            summary["problems" if label == "ours" else "findings"] += shortfalls
    finally:
        for server in servers.values():
            stop_server(server)
    summary["seconds"] = round(time.time() - started)
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as fp:
        json.dump(summary, fp, indent=2)
    ours_report = os.path.join(args.out, "ours", "report.html")
    if os.path.exists(ours_report):
        os.replace(ours_report, os.path.join(args.out, "report.html"))
    print_summary(prep, summary)
    note(
        f"{summary['seconds']} s; summary: {args.out}/summary.json, report: {args.out}/report.html"
    )
    return 1 if summary["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
