"""The command line: help, and ``status`` failing cleanly."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from conftest import PROJECT_DIR, free_port, make_config, run_cli


def test_help_lists_subcommands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("run", "simulate", "status", "check-config", "dead-letters", "requeue"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["run", "simulate", "check-config"])
def test_config_commands_require_config(command):
    result = run_cli(command)
    assert result.returncode == 2
    assert "--config" in result.stderr


def test_no_command_is_a_usage_error():
    result = run_cli()
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_status_against_dead_port_fails_cleanly():
    url = f"http://127.0.0.1:{free_port()}/status"
    result = run_cli("status", "--url", url, "--timeout", "2")
    assert result.returncode == 1
    assert result.stderr.startswith(f"status error: cannot reach {url}")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_status_times_out_on_a_silent_server():
    # A listening socket that never answers: the kernel accepts, nobody replies.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/status"
        started = time.monotonic()
        result = run_cli("status", "--url", url, "--timeout", "0.5", timeout=20)
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "timed out" in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 10


class _Fixed(BaseHTTPRequestHandler):
    code = 200
    body = b"not json"

    def do_GET(self):
        self.send_response(self.code)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    servers = []

    def serve(code: int, body: bytes) -> str:
        handler = type("H", (_Fixed,), {"code": code, "body": body})
        server = HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/status"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_status_rejects_non_json(http_server):
    result = run_cli("status", "--url", http_server(200, b"<html>"))
    assert result.returncode == 1
    assert "did not return JSON" in result.stderr


def test_status_reports_http_error(http_server):
    result = run_cli("status", "--url", http_server(503, b"{}"))
    assert result.returncode == 1
    assert "HTTP 503" in result.stderr


def test_status_prints_json(http_server):
    result = run_cli("status", "--url", http_server(200, b'{"venue": "CSC"}'))
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"venue": "CSC"}


def test_status_refuses_non_http_url():
    result = run_cli("status", "--url", "file:///etc/passwd")
    assert result.returncode == 2
    assert "http://" in result.stderr


def test_run_exits_1_when_status_port_is_taken(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]
        config = make_config(
            tmp_path / "p.toml", venue="T1", broker_port=free_port(), status_port=taken
        )
        result = run_cli("run", "--config", str(config))
    assert result.returncode == 1
    assert f"error: cannot start: [Errno 98] status endpoint 127.0.0.1:{taken}" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_drivers_reports_devices_and_stops_on_sigterm(tmp_path):
    status_port = free_port()
    config = make_config(
        tmp_path / "p.toml", venue="T2", broker_port=free_port(), status_port=status_port
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "hw_proxy", "run", "--config", str(config)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                url = f"http://127.0.0.1:{status_port}/status"
                with urllib.request.urlopen(url, timeout=2) as response:
                    data = json.loads(response.read())
                # The endpoint is up before the drivers are attached (then "idle").
                if all(d["state"]["status"] != "idle" for d in data["devices"]):
                    break
                raise ConnectionError("drivers not attached yet")
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline
                time.sleep(0.1)
        # No broker is listening: the proxy stays up, disconnected, and says so.
        assert data["mqtt"]["connected"] is False
        assert data["simulate"] is False
        # The serial reader's port does not exist: its driver keeps retrying, offline.
        assert {d["id"]: d["state"]["status"] for d in data["devices"]} == {
            "gate-01": "no-driver",
            "reader-01": "offline",
            "shower-m1": "no-driver",
        }
        assert data["access"]["odoo"]["online"] in (None, False)
        assert data["access"]["outbox_depth"] == 0
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read()
    assert "Traceback" not in stderr
    assert all(json.loads(line) for line in stderr.splitlines())


def test_dead_letters_lists_and_requeue_puts_back(tmp_path):
    from hw_proxy.access.store import Store

    config = make_config(tmp_path / "p.toml", venue="DL", broker_port=1, status_port=1)
    missing = run_cli("dead-letters", "--config", str(config))
    assert missing.returncode == 2
    assert "storage.path: no proxy database" in missing.stderr
    assert not (tmp_path / "DL.sqlite3").exists()

    store = Store(tmp_path / "DL.sqlite3")
    store.outbox_add({"uuid": "e-1", "device_time": 1e20}, 1.0, entitlement_id=7, counted=True)
    store.outbox_dead("e-1", "HTTP 500: timestamp out of range", 2.0)
    store.reading_add({"uuid": "r-1", "measured_at": 1e20}, 1.0)
    store.reading_dead("r-1", "measured_at out of range", 3.0)
    store.close()

    listed = run_cli("dead-letters", "--config", str(config))
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["kind"], r["uuid"], r["error"]) for r in rows] == [
        ("reading", "r-1", "measured_at out of range"),
        ("event", "e-1", "HTTP 500: timestamp out of range"),
    ]
    assert rows[1]["payload"] == {"uuid": "e-1", "device_time": 1e20}

    requeued = run_cli("requeue", "--config", str(config), "e-1")
    assert (requeued.returncode, requeued.stdout) == (0, "event e-1 queued again\n")
    again = run_cli("requeue", "--config", str(config), "e-1")
    assert again.returncode == 1 and "no dead letter 'e-1'" in again.stderr
    store = Store(tmp_path / "DL.sqlite3")
    assert [e["uuid"] for e in store.outbox_batch()] == ["e-1"]
    assert (store.dead_count(), store.dead_readings_count()) == (0, 1)
    store.close()
