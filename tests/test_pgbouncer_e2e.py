"""The compose stack's database and web tier, for real on this machine: Debian's PgBouncer
with docker/pgbouncer.ini (transaction pooling), a prefork Odoo (2 HTTP workers) through it,
the gevent process on PostgreSQL directly (as odoo-bus in docker/compose.yaml), and
Debian's nginx with docker/nginx.conf in front.

Only what cannot be the same on this machine is replaced: the addresses, the listen ports,
PgBouncer's auth (the local cluster trusts loopback) and the log/pid paths. Everything
else (pool mode, reset query, ignored startup parameters, pool sizes, nginx's headers,
timeouts, gzip and websocket upgrade) is the committed file.

Environment (set by scripts/test): ARENA_ODOO_CONF, ARENA_E2E_DB, ODOO_SRC.
"""

import configparser
import contextlib
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import psutil
import psycopg2
import pytest
import websocket
from conftest import DB, JsonRpc

ROOT = Path(__file__).resolve().parents[1]
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")


def _binary(name):
    return shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None
    )


PGBOUNCER = _binary("pgbouncer")
NGINX = _binary("nginx")

pytestmark = [
    pytest.mark.skipif(
        not PGBOUNCER,
        reason="pgbouncer is not installed (Debian package pgbouncer; scripts/test installs it)",
    ),
    pytest.mark.skipif(
        not NGINX,
        reason="nginx is not installed (Debian package nginx-light; scripts/test installs it)",
    ),
    pytest.mark.skipif(
        not os.environ.get("ARENA_ODOO_CONF"),
        reason="ARENA_ODOO_CONF is not set: run through scripts/test",
    ),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port, proc, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"{what} did not listen on {port} within {timeout} s")


def _tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_health(url, proc, what, log, timeout=120):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError as exc:
            last = exc
        time.sleep(0.5)
    pytest.fail(f"{what} did not answer on {url}: {last}\n{_tail(log)}")


def _stop(proc):
    """Stop a process and its children (each was started in a session of its own)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def _read_ini(path):
    ini = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    ini.optionxform = str  # keys as written ("*" in [databases])
    ini.read(path)
    return ini


@pytest.fixture(scope="module")
def stack():
    """PgBouncer, a prefork Odoo through it, the bus process beside it, nginx."""
    odoo_conf = _read_ini(os.environ["ARENA_ODOO_CONF"])["options"]
    pg_host = odoo_conf.get("db_host", "127.0.0.1") or "127.0.0.1"
    pg_port = odoo_conf.get("db_port", "5432")
    pg_user = odoo_conf.get("db_user", "arena")
    # Readable by the postgres account (PgBouncer refuses to run as root), unlike pytest's tmp.
    tmp = Path(tempfile.mkdtemp(prefix="arena-scale-"))
    tmp.chmod(0o777)
    procs = []
    base_url = None
    ports = {name: _free_port() for name in ("pgbouncer", "http", "gevent_idle", "bus", "nginx")}
    try:
        # --- PgBouncer: the committed file, with the machine's addresses ---
        pgb = _read_ini(ROOT / "docker/pgbouncer.ini")
        pgb.remove_section("databases")
        pgb.add_section("databases")
        pgb["databases"]["*"] = f"host={pg_host} port={pg_port}"
        users = tmp / "userlist.txt"
        users.write_text(f'"{pg_user}" ""\n')
        pgb["pgbouncer"].update(
            listen_addr="127.0.0.1",
            listen_port=str(ports["pgbouncer"]),
            auth_type="trust",
            auth_file=str(users),
            admin_users=pg_user,
            stats_users=pg_user,
            logfile=str(tmp / "pgbouncer.log"),
            pidfile="",
            # SHOW STATS adds up its counters every stats_period (60 s by default): the
            # test reads them a few seconds after its requests.
            stats_period="1",
        )
        pgb_ini = tmp / "pgbouncer.ini"
        with pgb_ini.open("w") as f:
            pgb.write(f)
        for path in (users, pgb_ini):
            path.chmod(0o644)
        cmd = [PGBOUNCER, str(pgb_ini)]
        if os.geteuid() == 0:
            cmd[1:1] = ["-u", "postgres"]
        procs.append(subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL))
        _wait_port(ports["pgbouncer"], procs[-1], "pgbouncer")

        # --- Odoo: prefork workers through PgBouncer, as the compose "odoo" service ---
        conf = configparser.ConfigParser(interpolation=None)
        conf.read(os.environ["ARENA_ODOO_CONF"])
        conf["options"].update(
            db_host="127.0.0.1",
            db_port=str(ports["pgbouncer"]),
            http_interface="127.0.0.1",
            http_port=str(ports["http"]),
            # The master's own gevent child: nothing routes to it (see compose.yaml).
            gevent_port=str(ports["gevent_idle"]),
            workers="2",
            max_cron_threads="0",
            db_maxconn="8",
            dbfilter=f"^{re.escape(DB)}$",
        )
        conf_path = tmp / "odoo.conf"
        with conf_path.open("w") as f:
            conf.write(f)
        odoo_bin = [sys.executable, f"{ODOO_SRC}/odoo-bin"]
        started = {}
        direct = [f"--db_host={pg_host}", f"--db_port={pg_port}"]
        logs = {}
        # On the command line: Odoo 19 takes PGHOST/PGPORT from the environment (scripts/test
        # exports them) over its configuration file.
        pooled = ["--db_host=127.0.0.1", f"--db_port={ports['pgbouncer']}"]
        for name, subcommand, args in (
            ("odoo", [], pooled),
            # "odoo gevent" with its own database address: the compose "odoo-bus" service.
            ("bus", ["gevent"], [*direct, f"--gevent-port={ports['bus']}"]),
        ):
            logs[name] = tmp / f"{name}.log"
            started[name] = subprocess.Popen(
                [
                    *odoo_bin,
                    *subcommand,
                    "-c",
                    str(conf_path),
                    *args,
                    "-d",
                    DB,
                    "--log-level=warn",
                    f"--logfile={logs[name]}",
                ],
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            procs.append(started[name])
        _wait_health(
            f"http://127.0.0.1:{ports['http']}", started["odoo"], "odoo (workers)", logs["odoo"]
        )
        _wait_health(
            f"http://127.0.0.1:{ports['bus']}", started["bus"], "odoo gevent (bus)", logs["bus"]
        )

        # --- nginx: the committed server block, with the machine's upstreams ---
        site = (ROOT / "docker/nginx.conf").read_text()
        site = site.replace("server odoo:8069;", f"server 127.0.0.1:{ports['http']};")
        site = site.replace("server odoo-bus:8072;", f"server 127.0.0.1:{ports['bus']};")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{ports['nginx']};")
        assert str(ports["http"]) in site and str(ports["bus"]) in site, "upstreams renamed?"
        (tmp / "site.conf").write_text(site)
        (tmp / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log warn;\n"
            + "worker_processes 1;\nevents { worker_connections 256; }\n"
            + "http {\n"
            + f"  access_log {tmp}/nginx-access.log;\n"
            + "".join(
                f"  {kind}_temp_path {tmp}/{kind}_temp;\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {tmp}/site.conf;\n}}\n"
        )
        # The administrator's logins through nginx store its address as web.base.url; the
        # other e2e tests get theirs back at the end.
        with (
            contextlib.closing(
                psycopg2.connect(host=pg_host, port=pg_port, user=pg_user, dbname=DB)
            ) as conn,
            conn.cursor() as cr,
        ):
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'")
            base_url = (cr.fetchone() or [None])[0]
        nginx = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")]
        checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True, check=False)
        procs.append(subprocess.Popen([*nginx, "-g", "daemon off;"], start_new_session=True))
        _wait_port(ports["nginx"], procs[-1], "nginx")
        yield {
            "url": f"http://127.0.0.1:{ports['nginx']}",
            "ports": ports,
            "nginx_test": checked,
            "pg": {"host": pg_host, "port": pg_port, "user": pg_user},
            "logs": logs,
            "pgbouncer_log": tmp / "pgbouncer.log",
            "odoo_pid": started["odoo"].pid,
        }
    finally:
        if base_url:
            with contextlib.suppress(Exception):
                # Through Odoo, so that every server of the database drops its cached value.
                rpc = JsonRpc(f"http://127.0.0.1:{ports['http']}")
                rpc.login("admin", "admin")
                rpc.call_kw("ir.config_parameter", "set_param", ["web.base.url", base_url])
        for proc in reversed(procs):
            _stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def _pgbouncer_show(stack, what):
    """Rows of PgBouncer's admin console ``SHOW <what>``, as dicts."""
    conn = psycopg2.connect(
        host="127.0.0.1",
        port=stack["ports"]["pgbouncer"],
        user=stack["pg"]["user"],
        dbname="pgbouncer",
    )
    conn.autocommit = True  # the admin console speaks the simple protocol only
    try:
        with conn.cursor() as cr:
            cr.execute(f"SHOW {what}")
            cols = [c.name for c in cr.description]
            return [dict(zip(cols, row, strict=True)) for row in cr.fetchall()]
    finally:
        conn.close()


def _pgbouncer_traffic(stack, dbname):
    """What PgBouncer shows of ``dbname`` right now: its client connections (Odoo's pooled
    connections to it), the server connections it opened to PostgreSQL for them (both
    live lists), and its transaction count (SHOW STATS adds that up every stats_period)."""
    return {
        "clients": sum(1 for c in _pgbouncer_show(stack, "CLIENTS") if c["database"] == dbname),
        "servers": sum(1 for s in _pgbouncer_show(stack, "SERVERS") if s["database"] == dbname),
        "xacts": sum(
            row["total_xact_count"]
            for row in _pgbouncer_show(stack, "STATS")
            if row["database"] == dbname
        ),
    }


def _worker_db_peers(stack):
    """The remote ports of the TCP connections held by the Odoo master and its workers."""
    master = psutil.Process(stack["odoo_pid"])
    peers = set()
    for proc in (master, *master.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            peers.update(c.raddr.port for c in proc.connections(kind="tcp") if c.raddr)
    return peers


def _slot(days, hour):
    shanghai = timezone(timedelta(hours=8))
    local = datetime.now(shanghai).replace(hour=hour, minute=0, second=0, microsecond=0)
    return (local + timedelta(days=days)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _ok(reply):
    assert "error" not in reply, reply.get("error")
    return reply["result"]


def test_nginx_accepts_the_committed_site(stack):
    checked = stack["nginx_test"]
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_login_and_booking_through_nginx_workers_and_pgbouncer(stack):
    before = _pgbouncer_traffic(stack, DB)
    rpc = JsonRpc(stack["url"])
    rpc.login("admin", "admin")
    space = _ok(rpc.call_kw("sports.space", "search", [[["code", "=", "BD8"]]]))
    assert len(space) == 1
    partner = _ok(rpc.call_kw("res.partner", "search", [[["phone", "=", "+8618612340004"]]]))[0]
    booked = _ok(
        rpc.call_kw(
            "sports.booking",
            "book",
            [],
            {
                "space_id": space[0],
                "start_at": _slot(6, 9),
                "end_at": _slot(6, 10),
                "partner_id": partner,
            },
        )
    )
    booking_ids = booked if isinstance(booked, list) else [booked]
    try:
        (row,) = _ok(rpc.call_kw("sports.booking", "read", [booking_ids, ["state", "space_id"]]))
        assert row["state"] == "confirmed" and row["space_id"][0] == space[0]
        # The same slot again is refused by the exclusion constraint, through the pool too,
        # with an error, not a server crash.
        again = rpc.call_kw(
            "sports.booking",
            "book",
            [],
            {
                "space_id": space[0],
                "start_at": _slot(6, 9),
                "end_at": _slot(6, 10),
                "partner_id": partner,
            },
        )
        assert "error" in again
        assert again["error"]["data"]["name"] in (
            "odoo.exceptions.ValidationError",
            "odoo.exceptions.UserError",
        )
    finally:
        _ok(rpc.call_kw("sports.booking", "action_cancel", [booking_ids]))
    # Those requests went through PgBouncer: the workers hold client connections to it for
    # the database, and it opened server connections for them (SHOW CLIENTS and SHOW
    # SERVERS are live; SHOW STATS only adds up every stats_period, so its transaction
    # count is printed, not asserted).
    after = _pgbouncer_traffic(stack, DB)
    seen = f"before {before}, after {after}; PgBouncer's log:\n{_tail(stack['pgbouncer_log'])}"
    assert after["clients"] > 0 and after["servers"] > 0, seen
    # ...and the workers hold no connection to PostgreSQL itself: their TCP connections to
    # the database go to PgBouncer's port only.
    peers = _worker_db_peers(stack)
    assert int(stack["pg"]["port"]) not in peers, f"workers' database peers: {peers}"
    assert stack["ports"]["pgbouncer"] in peers, f"workers' database peers: {peers}"


def test_proxy_mode_and_gzip_through_nginx(stack):
    # gzip on JSON/HTML, and Odoo's redirects keep the host and port the client used
    # (X-Forwarded-Host from nginx's $http_host, read because proxy_mode is on).
    req = urllib.request.Request(stack["url"] + "/web/login", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.headers.get("Content-Encoding") == "gzip"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    # An administrator's login stores the address it came through as web.base.url (the
    # links of e-mails and the portal): the scheme, host and port the client used.
    rpc = JsonRpc(stack["url"])
    rpc.login("admin", "admin")
    base = _ok(rpc.call_kw("ir.config_parameter", "get_param", ["web.base.url"]))
    assert base == stack["url"], base

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(stack["url"] + "/odoo", timeout=30)
    assert caught.value.code in (302, 303)
    location = caught.value.headers["Location"]
    assert location.startswith(stack["url"] + "/") or location.startswith("/"), location


def test_bus_notification_from_a_worker_reaches_the_websocket(stack):
    """A worker sends pg_notify through PgBouncer; the gevent process, which LISTENs on
    PostgreSQL directly, hears it and pushes it down the websocket that nginx upgraded."""
    rpc = JsonRpc(stack["url"])
    uid = rpc.login("admin", "admin")["uid"]
    ws = websocket.create_connection(
        stack["url"].replace("http://", "ws://") + "/websocket",
        header=[f"Cookie: {rpc.cookie}"],
        origin=stack["url"],
        timeout=30,
    )
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        time.sleep(1)  # the subscription is handled asynchronously by the bus process
        settings = _ok(rpc.call_kw("res.users.settings", "search", [[["user_id", "=", uid]]]))
        if not settings:
            settings = [_ok(rpc.call_kw("res.users.settings", "create", [{"user_id": uid}]))]
        _ok(
            rpc.call_kw(
                "res.users.settings",
                "set_res_users_settings",
                [settings[:1]],
                {"new_settings": {"is_discuss_sidebar_category_chat_open": False}},
            )
        )
        deadline = time.monotonic() + 30
        seen = []
        while time.monotonic() < deadline:
            for notif in json.loads(ws.recv()):
                seen.append(notif["message"]["type"])
            if "res.users.settings" in seen:
                break
        assert "res.users.settings" in seen, seen
    finally:
        ws.close()


def test_cron_job_runs_through_the_pool(stack):
    """A cron job run from the backend: an HTTP worker takes the job's row lock, runs it in
    a cursor of its own and writes its lastcall, all through PgBouncer. (No cron worker
    here: it would run every due job of the shared e2e database; the odoo-cron service's
    wake-up through a notification is checked by test_listen_is_lost_through_transaction_pooling
    and by hand, see docker/README.md.)"""
    rpc = JsonRpc(stack["url"])
    rpc.login("admin", "admin")
    (cron,) = _ok(
        rpc.call_kw(
            "ir.cron",
            "search_read",
            [[["cron_name", "=", "Base: Portal Users Deletion"]], ["lastcall"]],
        )
    )
    _ok(rpc.call_kw("ir.cron", "method_direct_trigger", [[cron["id"]]]))
    (after,) = _ok(rpc.call_kw("ir.cron", "read", [[cron["id"]], ["lastcall"]]))
    assert after["lastcall"] and after["lastcall"] != cron["lastcall"]


def test_listen_is_lost_through_transaction_pooling(stack):
    """Why odoo-bus and odoo-cron bypass PgBouncer: a LISTEN made through transaction
    pooling hears nothing, the same LISTEN made directly hears the NOTIFY, and a NOTIFY
    sent through PgBouncer (what the workers do) reaches the direct listener."""
    pg = stack["pg"]

    def connect(port):
        conn = psycopg2.connect(host="127.0.0.1", port=port, user=pg["user"], dbname="postgres")
        conn.autocommit = True
        return conn

    pooled = connect(stack["ports"]["pgbouncer"])
    direct = connect(pg["port"])
    sender = connect(stack["ports"]["pgbouncer"])
    try:
        for conn in (pooled, direct):
            conn.cursor().execute("LISTEN arena_scale_check")
        sender.cursor().execute("NOTIFY arena_scale_check, 'hello'")
        select.select([direct], [], [], 5)
        direct.poll()
        assert [n.payload for n in direct.notifies] == ["hello"]
        select.select([pooled], [], [], 2)
        pooled.poll()
        assert pooled.notifies == []
    finally:
        for conn in (pooled, direct, sender):
            conn.close()
