"""A bureau's report served while the primary is under write load reads from the read
replica (issue 20).

``scripts/replica`` makes a streaming replica of the end-to-end cluster; a second Odoo
serves the e2e database with ``db_replica_host``/``db_replica_port`` pointing at it, and
logs every statement it sends (``PGOPTIONS=-c log_statement=all``, for its own sessions
only) into the server log of whichever cluster runs it. While threads keep updating
statistics rows on the primary, a bureau user asks that Odoo over HTTP for the roll-up
(``sports.venue.stat.rollup``, ``@api.readonly``) and the subsidy XLSX (a read-only
route): the roll-up's statement is in the replica's log and not in the primary's, the
replica has the Odoo's connections, Odoo retried nothing on the primary, and once replay
caught up, the answer equals the primary's.
"""

import configparser
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2
import pytest
from conftest import DB, JsonRpc

ROOT = Path(__file__).resolve().parent.parent
REPLICA_NAME = "pg-e2e-replica"
APP_NAME = "arena-replica-e2e"
# The statement only the roll-up sends (sports_venue_stat_rollup.py).
ROLLUP_MARK = "set_config('work_mem', '64MB', true)"
RETRIED = "retrying with a read/write cursor"
WRITERS = 4


def _options():
    path = os.environ.get("ARENA_ODOO_CONF")
    if not path:
        pytest.skip("ARENA_ODOO_CONF is not set: run through scripts/test")
    parser = configparser.ConfigParser()
    parser.read(path)
    return path, parser["options"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _connect(options, port=None, dbname=DB):
    conn = psycopg2.connect(
        dbname=dbname,
        host=options.get("db_host") or "127.0.0.1",
        port=port or options.get("db_port"),
        user="postgres",
    )
    conn.autocommit = True
    return conn


def _query(conn, sql, params=None):
    with conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def _replica_script(options, replica_port, *args):
    env = dict(
        os.environ,
        ARENA_PG_PORT=str(options.get("db_port")),
        ARENA_REPLICA_PORT=str(replica_port),
        ARENA_REPLICA_NAME=REPLICA_NAME,
    )
    result = subprocess.run(
        [str(ROOT / "scripts" / "replica"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _wait_replay(primary, replica, timeout=60):
    """Wait until the replica has replayed everything the primary has written so far."""
    (target,) = _query(primary, "SELECT pg_current_wal_lsn()")[0]
    deadline = time.monotonic() + timeout
    while not _query(
        replica, "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target]
    )[0][0]:
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.1)


class ServerLog:
    """The server log of a cluster (``pg_ctl -l DATA/server.log``, see scripts/lib.sh),
    read from a mark on."""

    def __init__(self, conn):
        self.path = Path(_query(conn, "SHOW data_directory")[0][0]) / "server.log"
        self.offset = 0

    def mark(self):
        self.offset = self.path.stat().st_size

    def since_mark(self):
        with self.path.open("rb") as log:
            log.seek(self.offset)
            return log.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def replica_odoo():
    """The replica, and a second Odoo reading from it: (its URL, primary and replica
    connections, their logs, the Odoo's stderr file)."""
    conf_path, options = _options()
    replica_port = _free_port()
    # A replica left by an interrupted run (on another port) goes first, with its slot.
    _replica_script(options, replica_port, "drop")
    _replica_script(options, replica_port, "start")
    primary = _connect(options)
    replica = _connect(options, port=replica_port)
    http_port = _free_port()
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo")
    stderr_path = ROOT / ".local" / "odoo-replica-e2e.log"
    stderr_path.parent.mkdir(parents=True, exist_ok=True)
    stderr = stderr_path.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            f"{odoo_src}/odoo-bin",
            "-c",
            conf_path,
            "-d",
            DB,
            f"--db-filter=^{DB}$",
            f"--http-port={http_port}",
            "--db_replica_host=127.0.0.1",
            f"--db_replica_port={replica_port}",
            f"--db_app_name={APP_NAME}-{{pid}}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        env=dict(os.environ, PGOPTIONS="-c log_statement=all"),
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url + "/web/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the replica's Odoo did not start: {stderr_path.read_text()[-2000:]}")
            time.sleep(1)
        yield {
            "url": url,
            "pid": server.pid,
            "primary": primary,
            "replica": replica,
            "primary_log": ServerLog(primary),
            "replica_log": ServerLog(replica),
            "stderr": stderr_path,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        stderr.close()
        primary.close()
        replica.close()
        _replica_script(options, replica_port, "drop")


class WriteLoad:
    """Threads that keep adding to the entries of statistics rows on the primary, each on
    its own row and connection, one committed UPDATE at a time; undone at the end."""

    def __init__(self, options, stat_ids):
        self.options = options
        self.stat_ids = stat_ids
        self.stop = threading.Event()
        self.added = dict.fromkeys(stat_ids, 0)
        self.errors = []
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in stat_ids]

    def _run(self, stat_id):
        try:
            conn = _connect(self.options)
            try:
                while not self.stop.is_set():
                    _query(
                        conn,
                        "UPDATE sports_venue_stat SET entries = entries + 1 WHERE id = %s"
                        " RETURNING id",
                        [stat_id],
                    )
                    self.added[stat_id] += 1
            finally:
                conn.close()
        except Exception as exc:  # noqa: BLE001 (reported by the test)
            self.errors.append(repr(exc))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        # The load is on before the report is asked for.
        deadline = time.monotonic() + 30
        while sum(self.added.values()) < 50 * len(self.threads):
            assert time.monotonic() < deadline and not self.errors, self.errors
            time.sleep(0.05)
        return self

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def __exit__(self, *exc):
        self.finish()
        conn = _connect(self.options)
        try:
            for stat_id, added in self.added.items():
                _query(
                    conn,
                    "UPDATE sports_venue_stat SET entries = entries - %s WHERE id = %s"
                    " RETURNING id",
                    [added, stat_id],
                )
        finally:
            conn.close()


def _bureau(url):
    client = JsonRpc(url)
    client.login("bureau.nanjing", "bureau.nanjing")
    return client


def _rollup(client, period):
    reply = client.call_kw(
        "sports.venue.stat",
        "rollup",
        [],
        {"level": "district", "period": "year", "date_from": period[0], "date_to": period[1]},
    )
    assert "error" not in reply, reply
    return reply["result"]


def _entries(rows):
    return sum(row["entries"] for row in rows)


def _same(rows, others):
    """Equal roll-ups: counts and money exactly, float sums (hours, kWh) up to rounding (a
    parallel aggregate adds them in any order)."""
    assert len(rows) == len(others)
    for row, other in zip(rows, others, strict=True):
        assert row.keys() == other.keys()
        for key, value in row.items():
            if isinstance(value, float):
                assert abs(value - other[key]) <= 1e-9 * max(1.0, abs(value)), (key, row, other)
            else:
                assert value == other[key], (key, row, other)


def test_a_report_under_write_load_reads_from_the_replica(replica_odoo, odoo_url):
    primary, replica = replica_odoo["primary"], replica_odoo["replica"]
    bureau = _bureau(replica_odoo["url"])
    first, last = _query(primary, "SELECT min(date)::text, max(date)::text FROM sports_venue_stat")[
        0
    ]
    assert first, "the demo data has statistics"
    period = (first, last)
    before = _rollup(bureau, period)
    districts = [row["region_id"] for row in before if row["region_id"]]
    assert districts, before
    # Rows the bureau reads: in its districts, within the period.
    stat_ids = [
        row[0]
        for row in _query(
            primary,
            "SELECT id FROM sports_venue_stat WHERE district_id = ANY(%s) ORDER BY id LIMIT %s",
            [districts, WRITERS],
        )
    ]
    assert len(stat_ids) == WRITERS

    primary_log, replica_log = replica_odoo["primary_log"], replica_odoo["replica_log"]
    with WriteLoad(_options()[1], stat_ids) as load:
        primary_log.mark()
        replica_log.mark()
        during = _rollup(bureau, period)
        replica_statements, primary_statements = replica_log.since_mark(), primary_log.since_mark()
        # The subsidy XLSX of the bureau: its wizard is saved on the primary; once the
        # replica has it, the download is built there.
        reply = bureau.call_kw(
            "sports.regulatory.report",
            "create",
            [{"date_from": first, "date_to": last}],
        )
        assert "error" not in reply, reply
        wizard_id = reply["result"][0] if isinstance(reply["result"], list) else reply["result"]
        _wait_replay(primary, replica)
        replica_log.mark()
        primary_log.mark()
        request = urllib.request.Request(
            f"{replica_odoo['url']}/sports_regulatory/report/{wizard_id}/xlsx",
            headers={"Cookie": bureau.cookie},
        )
        with urllib.request.urlopen(request, timeout=120) as resp:
            assert resp.status == 200
            assert resp.read().startswith(b"PK")
        xlsx_replica, xlsx_primary = replica_log.since_mark(), primary_log.since_mark()
        # The replica holds connections of the second Odoo (its application_name).
        apps = _query(
            replica,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [f"{APP_NAME}-{replica_odoo['pid']}"],
        )[0][0]
        assert apps >= 1
        load.finish()
        writes = sum(load.added.values())
    assert not load.errors, load.errors

    # The roll-up ran on the replica, and not on the primary.
    assert ROLLUP_MARK in replica_statements
    assert ROLLUP_MARK not in primary_statements
    # The XLSX read the statistics on the replica, not on the primary.
    assert '"sports_venue_stat"' in xlsx_replica
    assert '"sports_venue_stat"' not in xlsx_primary
    # Nothing was written in a read-only request and then served again by the primary.
    assert RETRIED not in replica_odoo["stderr"].read_text()
    # Under load the replica's answer lies between the data before and after the load:
    # behind the primary by the replay lag at most, never ahead of it.
    assert writes > 0
    assert _entries(before) <= _entries(during) <= _entries(before) + writes

    # Once replay caught up, the replica's answer is the primary's (the first Odoo, which
    # has no replica, reads the primary), the load's additions taken back included.
    _wait_replay(primary, replica)
    after = _rollup(bureau, period)
    on_primary = _rollup(_bureau(odoo_url), period)
    _same(after, on_primary)
    assert _entries(after) == _entries(before)
