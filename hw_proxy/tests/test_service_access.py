"""The running proxy (simulate mode) on a real broker: a read opens the gate offline."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid

from conftest import PROJECT_DIR, Probe, free_port
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qrsign import SEED, sign, venue_page
from test_offline_gate import POINTS, single_ticket

from hw_proxy.access.store import Store


def write_config(tmp_path, venue, broker_port, status_port, odoo_port):
    path = tmp_path / f"{venue}.toml"
    path.write_text(
        f"""
[venue]
code = "{venue}"
name = "t"
[odoo]
url = "http://127.0.0.1:{odoo_port}"
db = "arena"
api_key = "nope"
timeout_seconds = 1
[mqtt]
port = {broker_port}
reconnect_max_delay = 2
[status]
port = {status_port}
[storage]
path = "{tmp_path / (venue + ".sqlite3")}"
[sync]
interval_seconds = 5
[[devices]]
id = "gate-1"
kind = "gate"
open_seconds = 2
[[devices]]
id = "reader-1"
kind = "reader"
point = "pool-in"
opens = "gate-1"
[[devices]]
id = "counter-1"
kind = "counter"
""",
        encoding="utf-8",
    )
    return path


class Proxy:
    def __init__(self, tmp_path, broker_port):
        self.venue = "T" + uuid.uuid4().hex[:6].upper()
        self.status_port = free_port()
        self.config = write_config(tmp_path, self.venue, broker_port, self.status_port, free_port())
        self.store_path = tmp_path / f"{self.venue}.sqlite3"
        store = Store(self.store_path)
        store.apply_sync(venue_page(POINTS))
        self.token = single_ticket(store)
        store.close()
        self.log = open(tmp_path / f"{self.venue}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hw_proxy", "simulate", "--config", str(self.config)],
            stdout=self.log,
            stderr=self.log,
            cwd=PROJECT_DIR,
        )

    def topic(self, device, leaf):
        return f"arena/{self.venue}/{device}/{leaf}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(15)
        self.log.close()


def test_a_qr_read_opens_the_gate_with_odoo_unreachable(tmp_path, broker):
    proxy = Proxy(tmp_path, broker.port)
    probe = Probe(broker.port, f"arena/{proxy.venue}/#")
    try:
        probe.wait_for(
            lambda m: m.topic == f"arena/{proxy.venue}/proxy/state" and m.payload == b"online"
        )
        probe.publish(proxy.topic("reader-1", "event"), {"id": "r1", "value": proxy.token})
        state = probe.wait_for(
            lambda m: (
                m.topic == proxy.topic("gate-1", "state")
                and m.json()["state"].get("last_command", {}).get("action") == "open"
            )
        )
        command = state.json()["state"]["last_command"]
        assert command["seconds"] == 2
        # The same read again (a retained or redelivered message) is ignored...
        probe.publish(proxy.topic("reader-1", "event"), {"id": "r1", "value": proxy.token})
        # ...and a new read is refused offline: the holder is inside (anti-passback).
        probe.publish(proxy.topic("reader-1", "event"), {"id": "r2", "value": proxy.token})
        time.sleep(1.0)
        opens = [
            m
            for m in probe.matching(lambda m: m.topic == proxy.topic("gate-1", "cmd"))
            if m.json().get("action") == "open"
        ]
        assert len(opens) == 1
        store = Store(proxy.store_path)
        events = store.outbox_batch()
        assert [(e["decision"], e["reason"]) for e in events] == [
            ("granted", None),
            ("denied", "passback"),
        ]
        assert opens[0].json()["uuid"] == events[0]["uuid"]
        store.close()
    finally:
        probe.close()
        proxy.stop()


def test_counter_readings_are_queued_once_on_disk(tmp_path, broker):
    proxy = Proxy(tmp_path, broker.port)
    probe = Probe(broker.port, f"arena/{proxy.venue}/#")
    try:
        probe.wait_for(
            lambda m: m.topic == f"arena/{proxy.venue}/proxy/state" and m.payload == b"online"
        )
        topic = proxy.topic("counter-1", "event")
        probe.publish(topic, {"id": "c1", "metric": "people_in", "value": 7})
        probe.publish(topic, {"id": "c1", "metric": "people_in", "value": 7})  # redelivered
        probe.publish(topic, {"id": "c2", "metric": "temperature", "value": 7})  # unknown
        probe.publish(topic, {"id": "c3", "metric": "people_out", "value": "7"})  # not a number
        # 1e400 is valid JSON that Python reads as infinity: not a reading.
        probe.publish(topic, '{"id": "c5", "metric": "people_out", "value": 1e400}')
        probe.publish(topic, '{"id": "c6", "metric": "people_out", "value": -1e400}')
        probe.publish(topic, {"id": "c4", "metric": "people_out", "value": 3})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            store = Store(proxy.store_path)
            readings = store.readings_batch()
            store.close()
            if len(readings) >= 2:
                break
            time.sleep(0.2)
        time.sleep(0.5)
        store = Store(proxy.store_path)
        readings = store.readings_batch()
        store.close()
        assert sorted((r["metric"], r["value"]) for r in readings) == [
            ("people_in", 7),
            ("people_out", 3),
        ]
        assert all(r["device"] == "counter-1" for r in readings)
    finally:
        probe.close()
        proxy.stop()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    payload=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(str.encode),
        st.dictionaries(
            st.sampled_from(["id", "value", "kind", "x"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=150), st.lists(st.integers())),
        ).map(lambda d: json.dumps(d).encode()),
    ),
    leaf=st.sampled_from(["event", "cmd"]),
)
def test_fuzzed_mqtt_input_never_crashes_the_proxy(fuzz_proxy, payload, leaf):
    proxy, probe = fuzz_proxy
    device = "reader-1" if leaf == "event" else "gate-1"
    probe.client.publish(proxy.topic(device, leaf), payload, qos=1).wait_for_publish(5)
    assert proxy.proc.poll() is None


def test_the_proxy_still_decides_after_fuzzing(fuzz_proxy):
    proxy, probe = fuzz_proxy
    time.sleep(0.5)
    assert proxy.proc.poll() is None
    now = time.time()
    token = sign(SEED, 31337, 1, "ticket", now - 60, now + 600, "0011223344556677")
    probe.publish(proxy.topic("reader-1", "event"), {"id": "after-fuzz", "value": token})
    probe.wait_for(
        lambda m: m.topic == proxy.topic("gate-1", "cmd") and b"open" in m.payload, timeout=10
    )
