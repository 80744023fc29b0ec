"""docker/mosquitto-bridge.conf, run by a real mosquitto: a venue broker bridging
arena/<venue>/# up to the city's broker. The "city" here is the mosquitto of scripts/test
(ARENA_MQTT_PORT), standing in for EMQX: the bridge speaks plain MQTT 3.1.1 to it.

Only the listen port, the persistence folder and the city's address are replaced.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from conftest import MQTT_PORT

ROOT = Path(__file__).resolve().parents[1]
MOSQUITTO = shutil.which("mosquitto") or (
    "/usr/sbin/mosquitto" if os.access("/usr/sbin/mosquitto", os.X_OK) else None
)
pytestmark = pytest.mark.skipif(not MOSQUITTO, reason="mosquitto is not installed")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def venue_broker():
    port = _free_port()
    tmp = Path(tempfile.mkdtemp(prefix="arena-bridge-"))
    conf = (ROOT / "docker/mosquitto-bridge.conf").read_text()
    for old, new in (
        ("listener 1883\n", f"listener {port} 127.0.0.1\n"),
        ("persistence_location /mosquitto/data/\n", f"persistence_location {tmp}/\n"),
        ("address emqx:1883\n", f"address 127.0.0.1:{MQTT_PORT}\n"),
    ):
        assert old in conf, f"docker/mosquitto-bridge.conf no longer has {old!r}"
        conf = conf.replace(old, new)
    if os.geteuid() == 0:
        conf += "user root\n"  # else mosquitto drops to its own account, which cannot write tmp
    (tmp / "mosquitto.conf").write_text(conf)
    proc = subprocess.Popen(
        [MOSQUITTO, "-c", str(tmp / "mosquitto.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def _client(port, topic, received):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.on_message = lambda _c, _u, msg: received.append((msg.topic, msg.payload, msg.qos))
    deadline = time.monotonic() + 10
    while True:
        try:
            client.connect("127.0.0.1", port)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    client.subscribe(topic, qos=1)
    client.loop_start()
    return client


def _wait_for(received, topic, payload=None, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(t == topic and payload in (None, p) for t, p, _q in received):
            return True
        time.sleep(0.1)
    return False


def test_venue_events_reach_the_city_and_commands_come_back(venue_broker):
    city_seen, venue_seen = [], []
    city = _client(MQTT_PORT, "arena/#", city_seen)
    venue = _client(venue_broker, "arena/#", venue_seen)
    try:
        # The bridge announces itself (notification_topic: "1" up, "0" down) once it is up.
        assert _wait_for(city_seen, "arena/CSC/bridge/state", b"1"), city_seen
        venue.publish("arena/CSC/gate-1/event", b'{"n": 1}', qos=1).wait_for_publish(5)
        assert _wait_for(city_seen, "arena/CSC/gate-1/event"), city_seen
        # Up the bridge at QoS 1 (the subscription asked for 1).
        assert ("arena/CSC/gate-1/event", b'{"n": 1}', 1) in city_seen
        # Down: the city commands this venue's lights.
        city.publish("arena/CSC/light-bb1/set", b"off", qos=1).wait_for_publish(5)
        assert _wait_for(venue_seen, "arena/CSC/light-bb1/set"), venue_seen
        # Another venue's subtree is neither sent up nor brought down.
        venue.publish("arena/XYZ/gate-1/event", b"x", qos=1).wait_for_publish(5)
        city.publish("arena/XYZ/light-1/set", b"off", qos=1).wait_for_publish(5)
        # Probes sent after them, on the same links: once they are through, so would the
        # other venue's messages be.
        venue.publish("arena/CSC/gate-1/probe", b"up", qos=1).wait_for_publish(5)
        city.publish("arena/CSC/light-bb1/probe", b"down", qos=1).wait_for_publish(5)
        assert _wait_for(city_seen, "arena/CSC/gate-1/probe")
        assert _wait_for(venue_seen, "arena/CSC/light-bb1/probe")
        assert not any(
            t.startswith("arena/XYZ/") for t, _p, _q in city_seen if t.endswith("/event")
        )
        assert not any(t.startswith("arena/XYZ/") for t, _p, _q in venue_seen if t.endswith("/set"))
    finally:
        for client in (city, venue):
            client.loop_stop()
            client.disconnect()
