"""Serial relay gates and line readers on real PTY pairs from socat."""

from __future__ import annotations

import threading
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hw_proxy.config import DeviceConfig
from hw_proxy.readers import SerialLineReader, parse_line
from hw_proxy.relay import SerialRelayGate, relay_frame


def read_exactly(port, size, timeout=3.0):
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < size and time.monotonic() < deadline:
        data += port.read(size - len(data))
    return data


def test_relay_frames():
    assert relay_frame(1, True) == bytes([0xA0, 0x01, 0x01, 0xA2])
    assert relay_frame(1, False) == bytes([0xA0, 0x01, 0x00, 0xA1])
    assert relay_frame(2, True) == bytes([0xA0, 0x02, 0x01, 0xA3])


def test_gate_opens_then_releases_and_survives_unplugging(pty_factory):
    pair = pty_factory()
    gate = SerialRelayGate(
        DeviceConfig(
            id="gate-1",
            kind="gate",
            transport="serial",
            name="g",
            port=str(pair.device),
            baudrate=9600,
            open_seconds=0.3,
        )
    )
    peer = pair.open_peer()
    state = gate.handle_command({"id": "1", "action": "open"})
    assert state["gate"] == "open" and state["status"] == "online"
    assert read_exactly(peer, 4) == relay_frame(1, True)
    assert read_exactly(peer, 4, timeout=2) == relay_frame(1, False)
    assert gate.state()["gate"] == "closed"
    peer.close()
    pair.stop()
    # Unplugged: the command fails cleanly, the driver says offline and does not raise.
    state = gate.handle_command({"id": "2", "action": "open"})
    assert state["status"] == "offline"
    pair.start()
    peer = pair.open_peer()
    state = gate.handle_command({"id": "3", "action": "open"})
    assert state["status"] == "online"
    assert read_exactly(peer, 4) == relay_frame(1, True)
    gate.close()
    peer.close()


def test_reader_passes_clean_lines_drops_garbage_and_reconnects(pty_factory):
    pair = pty_factory()
    reads: list[str] = []
    arrived = threading.Event()

    def on_read(device, value):
        reads.append(value)
        arrived.set()

    reader = SerialLineReader("reader-1", str(pair.device), 9600, on_read, retry_seconds=0.2)
    reader.start()
    deadline = time.monotonic() + 5
    while not reader.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    peer = pair.open_peer()
    peer.write(b"04A1B2C3\r\n\xff\xfe\x00garbage\n\n" + b"x" * 600 + b"\nDEAD")
    peer.write(b"BEEF\r")
    peer.flush()
    deadline = time.monotonic() + 5
    while len(reads) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reads == ["04A1B2C3", "DEADBEEF"]
    assert reader.dropped == 2
    # The device goes away and comes back on the same path.
    peer.close()
    pair.stop()
    time.sleep(0.5)
    assert not reader.connected
    pair.start()
    deadline = time.monotonic() + 5
    while not reader.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.connected
    peer = pair.open_peer()
    peer.write(b"CAFE01\n")
    peer.flush()
    deadline = time.monotonic() + 5
    while "CAFE01" not in reads and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reads[-1] == "CAFE01"
    reader.stop()
    peer.close()


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=700))
def test_any_line_is_either_a_clean_read_or_dropped(raw):
    value = parse_line(raw)
    assert value is None or (value.isprintable() and 0 < len(value) <= 512)


def test_fuzzed_bytes_on_a_real_serial_line_never_stop_the_reader(pty_factory):
    """Random bytes written to the PTY: the reader keeps running and still reads."""
    pair = pty_factory()
    reads: list[str] = []
    reader = SerialLineReader("reader-f", str(pair.device), 9600, lambda d, v: reads.append(v))
    reader.start()
    deadline = time.monotonic() + 5
    while not reader.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    peer = pair.open_peer()

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(min_size=1, max_size=300))
    def feed(chunk):
        peer.write(chunk)

    feed()
    peer.write(b"\nFINAL-0001\n")
    peer.flush()
    deadline = time.monotonic() + 5
    while "FINAL-0001" not in reads and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.connected
    assert reads[-1] == "FINAL-0001"
    assert all(value.isprintable() and len(value) <= 512 for value in reads)
    reader.stop()
    peer.close()
