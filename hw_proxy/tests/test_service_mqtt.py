"""The proxy against a real mosquitto broker, run as ``python -m hw_proxy simulate``."""

from __future__ import annotations

import json
import signal
import time
import urllib.error
import urllib.request
import uuid

import pytest
from conftest import Probe, ProxyProcess, free_port, is_payload, replies_to, run_cli


def _start(tmp_path, broker_port: int, **kwargs) -> tuple[ProxyProcess, Probe]:
    proxy = ProxyProcess(tmp_path, broker_port, **kwargs).start()
    probe = Probe(broker_port, f"arena/{proxy.venue}/#")
    return proxy, probe


@pytest.fixture
def running(tmp_path, broker):
    """A simulated proxy that has announced itself online, and a probe watching its topics."""
    proxy, probe = _start(tmp_path, broker.port)
    probe.wait_for(is_payload(proxy.proxy_state, b"online"), timeout=15)
    yield proxy, probe
    probe.close()
    proxy.stop()


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.loads(response.read())


def test_online_is_published_retained(running, broker):
    proxy, _ = running
    gate_topic = proxy.topic("gate-01", "state")
    # The gate announces itself shortly after the proxy: wait until it has.
    first = Probe(broker.port, gate_topic)
    try:
        first.wait_for(lambda m: m.topic == gate_topic)
    finally:
        first.close()
    # A client that connects afterwards still learns the state: the messages are retained.
    late = Probe(broker.port, proxy.proxy_state, gate_topic)
    try:
        msg = late.wait_for(is_payload(proxy.proxy_state, b"online"))
        assert msg.retain
        gate = late.wait_for(lambda m: m.topic == gate_topic)
        assert gate.retain
        assert gate.json()["state"] == {"status": "online"}
        assert gate.json()["device"] == "gate-01"
    finally:
        late.close()


def test_command_is_echoed_as_state(running):
    proxy, probe = running
    cmd = {"id": str(uuid.uuid4()), "action": "open", "duration_ms": 1500}
    probe.publish(proxy.topic("gate-01", "cmd"), cmd)
    reply = probe.wait_for(replies_to(proxy.topic("gate-01", "state"), cmd["id"])).json()
    assert reply["device"] == "gate-01"
    assert reply["kind"] == "gate"
    assert reply["simulated"] is True
    assert reply["state"] == {"status": "online", "last_command": cmd}


def test_device_with_custom_topic_and_serial_device_answer(running):
    proxy, probe = running
    for device in ("shower-m1", "reader-01"):
        msg_id = str(uuid.uuid4())
        probe.publish(proxy.topic(device, "cmd"), {"id": msg_id, "valve": "open"})
        reply = probe.wait_for(replies_to(proxy.topic(device, "state"), msg_id)).json()
        assert reply["device"] == device


def test_duplicate_id_is_answered_once(running):
    proxy, probe = running
    state = proxy.topic("gate-01", "state")
    dup = str(uuid.uuid4())
    for _ in range(3):
        probe.publish(proxy.topic("gate-01", "cmd"), {"id": dup, "action": "open"})
    # Messages are handled in order: once the barrier is answered, all duplicates were seen.
    barrier = str(uuid.uuid4())
    probe.publish(proxy.topic("gate-01", "cmd"), {"id": barrier, "action": "close"})
    probe.wait_for(replies_to(state, barrier))
    assert len(probe.matching(replies_to(state, dup))) == 1
    assert any("duplicate command ignored" in line for line in proxy.log_lines())


BAD_PAYLOADS = {
    "not json": b"open the gate",
    "json list": b'[{"id": "x"}]',
    "json string": b'"hello"',
    "missing id": b'{"action": "open"}',
    "numeric id": b'{"id": 42, "action": "open"}',
    "empty id": b'{"id": "  ", "action": "open"}',
    "huge": b'{"id": "huge", "blob": "' + b"x" * 1_000_000 + b'"}',
    "not utf-8": b'{"id": "\xff\xfe"}',
    "NaN": b'{"id": "nan", "value": NaN}',
    "deeply nested": b'{"id": "deep", "a": ' + b"[" * 30000 + b"]" * 30000 + b"}",
    "empty": b"",
}


def test_malformed_payloads_are_discarded_and_proxy_keeps_working(running):
    proxy, probe = running
    for payload in BAD_PAYLOADS.values():
        probe.publish(proxy.topic("gate-01", "cmd"), payload)
    probe.publish(f"arena/{proxy.venue}/no-such-device/cmd", {"id": "x", "action": "open"})
    ok = str(uuid.uuid4())
    probe.publish(proxy.topic("gate-01", "cmd"), {"id": ok, "action": "open"})
    probe.wait_for(replies_to(proxy.topic("gate-01", "state"), ok))

    assert proxy.alive()
    # Only the valid command got a reply.
    states = probe.matching(lambda m: m.topic == proxy.topic("gate-01", "state"))
    assert [m.json()["reply_to"] for m in states if "reply_to" in m.json()] == [ok]
    lines = proxy.log_lines()
    records = [json.loads(line) for line in lines]  # every log line is a JSON object
    discarded = [r for r in records if r["msg"] == "malformed message discarded"]
    assert len(discarded) == len(BAD_PAYLOADS)
    assert any(r["msg"] == "command for unknown device discarded" for r in records)
    assert not any(r["level"] == "ERROR" for r in records)


def test_status_endpoint_reports_connected(running):
    proxy, _ = running
    status, data = _get_json(proxy.status_url)
    assert status == 200
    assert data["venue"] == proxy.venue
    assert data["mqtt"]["connected"] is True
    assert data["started_at"]
    assert data["version"]
    assert {d["id"]: d["state"]["status"] for d in data["devices"]} == {
        "gate-01": "online",
        "reader-01": "online",
        "shower-m1": "online",
    }
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(proxy.status_url.replace("/status", "/nope"), timeout=5)
    assert err.value.code == 404
    # The endpoint is still up after the 404, and the CLI reads it.
    result = run_cli("status", "--url", proxy.status_url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["venue"] == proxy.venue


def test_sigterm_publishes_offline_and_exits_cleanly(running, broker):
    proxy, probe = running
    proxy.signal(signal.SIGTERM)
    assert proxy.wait() == 0
    probe.wait_for(is_payload(proxy.proxy_state, b"offline"))
    late = Probe(broker.port, proxy.proxy_state, proxy.topic("gate-01", "state"))
    try:
        retained = late.wait_for(lambda m: m.topic == proxy.proxy_state)
        assert retained.payload == b"offline"
        assert retained.retain
        gate = late.wait_for(lambda m: m.topic == proxy.topic("gate-01", "state"))
        assert gate.json()["state"]["status"] == "offline"
    finally:
        late.close()
    assert not any("Traceback" in line for line in proxy.log_lines())


def test_killed_proxy_goes_offline_by_last_will(running):
    proxy, probe = running
    proxy.signal(signal.SIGKILL)
    proxy.wait()
    # No clean publish is possible: only the broker's last will can say offline.
    probe.wait_for(is_payload(proxy.proxy_state, b"offline"), timeout=15)


def test_proxy_waits_for_broker_and_reconnects_after_restart(tmp_path, broker_factory):
    port = free_port()
    proxy = ProxyProcess(tmp_path, port).start()
    try:
        # Broker down at start: the proxy keeps running and keeps retrying.
        data = _poll_status(proxy)
        assert data["mqtt"]["connected"] is False
        assert proxy.alive()

        b = broker_factory(port).start()
        probe = Probe(port, f"arena/{proxy.venue}/#")
        probe.wait_for(is_payload(proxy.proxy_state, b"online"), timeout=15)
        probe.close()

        # Restart the broker (it forgets everything) and check that the proxy comes back
        # online and has subscribed again.
        b.stop()
        b.start()
        probe = Probe(port, f"arena/{proxy.venue}/#")
        probe.wait_for(is_payload(proxy.proxy_state, b"online"), timeout=15)
        msg_id = str(uuid.uuid4())
        probe.publish(proxy.topic("gate-01", "cmd"), {"id": msg_id, "action": "open"})
        probe.wait_for(replies_to(proxy.topic("gate-01", "state"), msg_id))
        probe.close()
        assert proxy.alive()
    finally:
        proxy.stop()


def _poll_status(proxy: ProxyProcess, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _get_json(proxy.status_url)[1]
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or not proxy.alive():
                raise
            time.sleep(0.1)
