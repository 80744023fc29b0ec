"""The hardware proxy against the broker that scripts/run and scripts/test start."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from conftest import MQTT_PORT

ROOT = Path(__file__).resolve().parent.parent
VENUE = "E2E" + uuid.uuid4().hex[:6].upper()
TOPIC = f"arena/{VENUE}/proxy/state"


@pytest.fixture
def proxy(tmp_path):
    example = (ROOT / "hw_proxy" / "proxy.example.toml").read_text()
    config = tmp_path / "proxy.toml"
    # A venue code of its own, so that a proxy started by scripts/run on the same broker
    # (retaining arena/CSC/...) cannot answer for it.
    config.write_text(
        example.replace("port = 1883", f"port = {MQTT_PORT}")
        .replace("8089", "18089")
        .replace('code = "CSC"', f'code = "{VENUE}"')
        .replace("arena-hw-proxy-CSC", f"arena-hw-proxy-{VENUE}")
    )
    env = dict(os.environ, ARENA_PROXY_API_KEY="e2e-key")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hw_proxy", "simulate", "--config", str(config)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def test_example_config_proxy_announces_itself_on_the_broker(proxy):
    states = {}
    got = threading.Event()

    def on_message(client, userdata, msg):
        states[msg.topic] = msg.payload.decode()
        if states.get(TOPIC) == "online":
            got.set()

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="e2e-observer")
    client.on_message = on_message
    client.connect("127.0.0.1", MQTT_PORT)
    client.subscribe(f"arena/{VENUE}/#", qos=1)
    client.loop_start()
    try:
        assert got.wait(20), (
            f"no online state; proxy output: {proxy.stdout.peek() if proxy.stdout else ''}"
        )
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(timeout=10)
        deadline = time.monotonic() + 10
        while states.get(TOPIC) != "offline" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert states[TOPIC] == "offline"
    finally:
        client.loop_stop()
        client.disconnect()
