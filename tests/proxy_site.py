"""What the proxy's end-to-end tests share: a TCP relay in front of Odoo that a test can
cut, the hw_proxy run as a process with its own TOML, an MQTT probe of the venue's
topics, and ``running_site`` that puts them together for a venue set up in the e2e
database. Used by ``test_proxy_odoo_e2e``, ``test_proxy_deadletter_e2e``,
``test_stored_value_entry_e2e`` and ``test_unattended_court_e2e``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from conftest import DB, MQTT_PORT, json2, odoo_shell

ROOT = Path(__file__).resolve().parent.parent


def _shell_values(out):
    return dict(
        line.split("=", 1) for line in out.splitlines() if line[:1].isupper() and "=" in line
    )


class Relay:
    """A TCP relay in front of Odoo that can be cut (an outage) and restored."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = _free_port()
        self._server = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self):
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        with self._lock:
            self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def down(self):
        with self._lock:
            server, self._server = self._server, None
            conns, self._conns = self._conns, []
        if server:
            server.close()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()

    def _accept(self, server):
        while True:
            try:
                client, _addr = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=30)
            except OSError:
                client.close()
                continue
            with self._lock:
                # A connection accepted just as the relay was cut would outlive the cut
                # (a keep-alive connection through the outage): it is closed instead.
                live = self._server is server
                if live:
                    self._conns += [client, upstream]
            if not live:
                for sock in (client, upstream):
                    sock.close()
                return
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ProxyRun:
    def __init__(self, tmp_path, code, key, odoo_port):
        self.code = code
        self.status_port = _free_port()
        self.store = tmp_path / "proxy.sqlite3"
        self.config = tmp_path / "proxy.toml"
        self.config.write_text(
            f"""
[venue]
code = "{code}"
name = "E2E"
[odoo]
url = "http://127.0.0.1:{odoo_port}"
db = "{DB}"
api_key_env = "ARENA_E2E_PROXY_KEY"
timeout_seconds = 20
[mqtt]
port = {MQTT_PORT}
client_id = "e2e-proxy-{code}"
reconnect_max_delay = 2
[status]
port = {self.status_port}
[storage]
path = "{self.store}"
[sync]
interval_seconds = 1
light_check_seconds = 2
[[devices]]
id = "gate-e2e"
kind = "gate"
[[devices]]
id = "reader-e2e"
kind = "reader"
point = "e2e-in"
opens = "gate-e2e"
[[devices]]
id = "shower-e2e"
kind = "shower"
open_seconds = 60
[[devices]]
id = "reader-shower"
kind = "reader"
point = "e2e-shower"
opens = "shower-e2e"
[[devices]]
id = "light-e2e"
kind = "light"
[[devices]]
id = "counter-e2e"
kind = "counter"
""",
            encoding="utf-8",
        )
        self.env = dict(os.environ, ARENA_E2E_PROXY_KEY=key)
        self.log = tmp_path / "proxy.log"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hw_proxy", "simulate", "--config", str(self.config)],
            cwd=ROOT / "hw_proxy",
            env=self.env,
            stdout=open(self.log, "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        return self

    def status(self):
        with urllib.request.urlopen(
            f"http://127.0.0.1:{self.status_port}/status", timeout=5
        ) as response:
            return json.loads(response.read())

    def wait(self, predicate, timeout=60, what="condition"):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.status()
                if predicate(last):
                    return last
            except OSError:
                pass
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            time.sleep(0.2)
        raise AssertionError(f"{what} not reached in {timeout}s; last status {last}")

    def outbox_uuids(self):
        db = sqlite3.connect(f"file:{self.store}?mode=ro", uri=True)
        try:
            return [row[0] for row in db.execute("SELECT uuid FROM outbox")]
        finally:
            db.close()

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(20)


class Probe:
    def __init__(self, code):
        self.code = code
        self.messages = []
        self.cond = threading.Condition()
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"e2e-probe-{code}")
        client.on_message = self._on_message
        client.connect("127.0.0.1", MQTT_PORT)
        client.subscribe(f"arena/{code}/#", qos=1)
        client.loop_start()
        self.client = client

    def _on_message(self, client, userdata, message):
        with self.cond:
            self.messages.append((message.topic, message.payload))
            self.cond.notify_all()

    def read(self, reader, value):
        payload = json.dumps({"id": uuid.uuid4().hex, "value": value})
        self.client.publish(f"arena/{self.code}/{reader}/event", payload, qos=1).wait_for_publish(5)

    def wait_for(self, topic_leaf, predicate, timeout=30):
        topic = f"arena/{self.code}/{topic_leaf}"
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for msg_topic, payload in self.messages:
                    if msg_topic == topic and predicate(json.loads(payload)):
                        return json.loads(payload)
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"nothing on {topic}"
                self.cond.wait(remaining)

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


@contextlib.contextmanager
def running_site(odoo_url, tmp_dir, code, setup, edit_config=None):
    """Run ``setup`` (odoo-shell code printing ``NAME=value`` lines, ``KEY`` the venue
    proxy's API key) in the e2e database, start a proxy behind a relay to Odoo and an MQTT
    probe, wait for the first sync; yield the printed values with ``proxy``, ``relay``,
    ``probe`` and ``code``. ``edit_config`` rewrites the proxy's TOML text first."""
    out = odoo_shell(setup)
    values = dict(
        line.split("=", 1) for line in out.splitlines() if line[:1].isupper() and "=" in line
    )
    target = urlsplit(odoo_url)
    relay = Relay(target.hostname, target.port)
    relay.up()
    proxy = ProxyRun(tmp_dir, code, values["KEY"], relay.port)
    if edit_config:
        text = proxy.config.read_text(encoding="utf-8")
        proxy.config.write_text(edit_config(text), encoding="utf-8")
    proxy.start()
    probe = Probe(code)
    try:
        proxy.wait(lambda s: s["access"]["odoo"]["last_sync_at"], what="first sync")
        yield {"proxy": proxy, "relay": relay, "probe": probe, "code": code, **values}
    finally:
        # Also when the test fails: no proxy, probe or relay outlives it.
        probe.close()
        proxy.stop()
        relay.down()
    log = proxy.log.read_text()
    assert "Traceback" not in log, log[-3000:]


def odoo_events(admin_api_key, uuids):
    found = 0
    for start in range(0, len(uuids), 500):
        status, count = json2(
            os.environ.get("ARENA_E2E_URL", "http://127.0.0.1:8269"),
            admin_api_key,
            "sports.access.event",
            "search_count",
            domain=[("uuid", "in", uuids[start : start + 500])],
        )
        assert status == 200, count
        found += count
    return found
