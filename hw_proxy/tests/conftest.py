"""Shared fixtures: free ports, a real mosquitto broker, an MQTT probe, a proxy subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

MOSQUITTO = "/usr/sbin/mosquitto"
PROJECT_DIR = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = PROJECT_DIR / "proxy.example.toml"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 30):
    """Run ``python -m hw_proxy ARGS`` and return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "hw_proxy", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        cwd=PROJECT_DIR,
        timeout=timeout,
    )


class Broker:
    """A mosquitto process on a free loopback port."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir = workdir
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> Broker:
        conf = self.workdir / f"mosquitto-{self.port}.conf"
        conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        )
        self.log = open(self.workdir / f"mosquitto-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=self.log, stderr=self.log)
        wait_port(self.port)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self.log.close()


def _require_mosquitto() -> None:
    if not os.path.exists(MOSQUITTO):
        pytest.skip(f"{MOSQUITTO} is not installed (apt-get install mosquitto)")


@pytest.fixture(scope="session")
def broker(tmp_path_factory) -> Iterator[Broker]:
    _require_mosquitto()
    b = Broker(tmp_path_factory.mktemp("broker")).start()
    yield b
    b.stop()


@pytest.fixture
def broker_factory(tmp_path) -> Iterator[Callable[..., Broker]]:
    """Function-scoped brokers, for tests that stop and restart one."""
    _require_mosquitto()
    made: list[Broker] = []

    def make(port: int | None = None) -> Broker:
        b = Broker(tmp_path, port)
        made.append(b)
        return b

    yield make
    for b in made:
        if b.proc is not None:
            b.stop()


@dataclass
class Received:
    topic: str
    payload: bytes
    retain: bool

    def json(self):
        return json.loads(self.payload)


class Probe:
    """A separate paho client used by the tests to watch and poke the proxy."""

    def __init__(self, port: int, *topics: str):
        self.messages: list[Received] = []
        self._cond = threading.Condition()
        self._subscribed = threading.Event()
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"probe-{uuid.uuid4()}")
        client.on_message = self._on_message
        client.on_subscribe = lambda *args: self._subscribed.set()
        client.connect("127.0.0.1", port)
        client.loop_start()
        if topics:
            client.subscribe([(t, 1) for t in topics])
            assert self._subscribed.wait(5), "probe subscription not acknowledged"
        self.client = client

    def _on_message(self, client, userdata, message) -> None:
        with self._cond:
            self.messages.append(Received(message.topic, message.payload, bool(message.retain)))
            self._cond.notify_all()

    def publish(self, topic: str, payload: bytes | str | dict) -> None:
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        self.client.publish(topic, payload, qos=1).wait_for_publish(5)

    def wait_for(self, predicate: Callable[[Received], bool], timeout: float = 10.0) -> Received:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for msg in self.messages:
                    if predicate(msg):
                        return msg
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(m.topic, m.payload[:80]) for m in self.messages[-10:]]
                    raise AssertionError(f"no matching message within {timeout}s; last: {seen}")
                self._cond.wait(remaining)

    def matching(self, predicate: Callable[[Received], bool]) -> list[Received]:
        with self._cond:
            return [m for m in self.messages if predicate(m)]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def is_payload(topic: str, payload: bytes) -> Callable[[Received], bool]:
    return lambda m: m.topic == topic and m.payload == payload


def replies_to(topic: str, msg_id: str) -> Callable[[Received], bool]:
    def check(m: Received) -> bool:
        if m.topic != topic:
            return False
        try:
            return m.json().get("reply_to") == msg_id
        except ValueError:
            return False

    return check


def make_config(
    path: Path,
    *,
    venue: str,
    broker_port: int,
    status_port: int,
    reconnect_max_delay: int = 2,
) -> Path:
    """Write a proxy config for tests; every venue code gets its own topic tree."""
    path.write_text(
        f"""
[venue]
code = "{venue}"
name = "测试场馆"

[odoo]
url = "http://localhost:8069"
db = "arena"
api_key = "test-key"

[mqtt]
port = {broker_port}
keepalive = 10
reconnect_min_delay = 1
reconnect_max_delay = {reconnect_max_delay}

[status]
port = {status_port}

[storage]
path = "{path.parent / (venue + ".sqlite3")}"

[[devices]]
id = "gate-01"
kind = "gate"

[[devices]]
id = "reader-01"
kind = "reader"
transport = "serial"
port = "/dev/ttyUSB0"

[[devices]]
id = "shower-m1"
kind = "shower"
topic = "arena/{venue}/shower/m1"
""",
        encoding="utf-8",
    )
    return path


class ProxyProcess:
    """``python -m hw_proxy simulate`` in a subprocess, logging to a file."""

    def __init__(self, tmp_path: Path, broker_port: int, **kwargs):
        self.venue = "T" + uuid.uuid4().hex[:8].upper()
        self.status_port = free_port()
        self.config = make_config(
            tmp_path / f"{self.venue}.toml",
            venue=self.venue,
            broker_port=broker_port,
            status_port=self.status_port,
            **kwargs,
        )
        self.log_path = tmp_path / f"{self.venue}.log"
        self.proc: subprocess.Popen | None = None

    @property
    def proxy_state(self) -> str:
        return f"arena/{self.venue}/proxy/state"

    def topic(self, device: str, leaf: str) -> str:
        # shower-m1 has a custom topic in make_config(); the others use the default.
        name = "shower/m1" if device == "shower-m1" else device
        return f"arena/{self.venue}/{name}/{leaf}"

    @property
    def status_url(self) -> str:
        return f"http://127.0.0.1:{self.status_port}/status"

    def start(self) -> ProxyProcess:
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hw_proxy", "simulate", "--config", str(self.config)],
            stdout=self._log,
            stderr=self._log,
            cwd=PROJECT_DIR,
        )
        return self

    def signal(self, signum: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(signum)

    def wait(self, timeout: float = 15) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(encoding="utf-8").splitlines()

    def stop(self) -> None:
        if self.alive():
            self.signal(signal.SIGTERM)
            try:
                self.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


class PtyPair:
    """Two linked pseudo-terminals from ``socat``: the device end and the test end."""

    def __init__(self, workdir: Path):
        self.device = workdir / f"dev-{uuid.uuid4().hex[:6]}"
        self.peer = workdir / f"peer-{uuid.uuid4().hex[:6]}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> PtyPair:
        self.proc = subprocess.Popen(
            [
                "socat",
                f"pty,raw,echo=0,link={self.device}",
                f"pty,raw,echo=0,link={self.peer}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while not (self.device.exists() and self.peer.exists()):
            assert time.monotonic() < deadline, "socat did not create its PTYs"
            time.sleep(0.02)
        return self

    def open_peer(self):
        import serial

        return serial.Serial(str(self.peer), 9600, timeout=0.2)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        deadline = time.monotonic() + 5
        while (self.device.exists() or self.peer.exists()) and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.fixture
def pty_factory(tmp_path) -> Iterator[Callable[[], PtyPair]]:
    pairs: list[PtyPair] = []

    def make() -> PtyPair:
        pair = PtyPair(tmp_path).start()
        pairs.append(pair)
        return pair

    yield make
    for pair in pairs:
        pair.stop()


@pytest.fixture(scope="module")
def fuzz_proxy(tmp_path_factory, broker):
    """One proxy for a whole fuzzing module, with a probe on its topics."""
    from test_service_access import Proxy

    proxy = Proxy(tmp_path_factory.mktemp("fuzz"), broker.port)
    probe = Probe(broker.port, f"arena/{proxy.venue}/#")
    probe.wait_for(
        lambda m: m.topic == f"arena/{proxy.venue}/proxy/state" and m.payload == b"online"
    )
    yield proxy, probe
    probe.close()
    proxy.stop()
    assert proxy.proc.returncode == 0
    assert "Traceback" not in (proxy.config.parent / f"{proxy.venue}.log").read_text()
