"""Card and QR readers that speak a line protocol on a serial port.

One read per line: a card UID (hex, optionally with colons or spaces) or a QR payload,
ended by CR or LF. Lines that are empty, longer than 512 characters or not printable ASCII
are logged and dropped. When the port goes away (unplugged, PTY closed) the reader keeps
trying to reopen it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import serial

from hw_proxy.devices import Device, ReaderDevice, register_driver

_logger = logging.getLogger(__name__)

MAX_LINE = 512


def parse_line(raw: bytes) -> str | None:
    """The read carried by one line, or None for garbage."""
    text = raw.strip(b"\r\n\x00 \t")
    if not text or len(text) > MAX_LINE:
        return None
    try:
        value = text.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not value.isprintable():
        return None
    return value


class SerialLineReader:
    def __init__(
        self,
        device_id: str,
        port: str,
        baudrate: int,
        on_read: Callable[[str, str], None],
        retry_seconds: float = 1.0,
    ):
        self.device_id = device_id
        self.port = port
        self.baudrate = baudrate
        self.on_read = on_read
        self.retry_seconds = retry_seconds
        self.connected = False
        self.dropped = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"reader-{device_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(3)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with serial.Serial(self.port, self.baudrate, timeout=0.5) as link:
                    self.connected = True
                    _logger.info("reader connected", extra={"device": self.device_id})
                    self._read_lines(link)
            except (serial.SerialException, OSError) as error:
                if self.connected:
                    _logger.warning(
                        "reader lost", extra={"device": self.device_id, "error": str(error)}
                    )
            self.connected = False
            self._stop.wait(self.retry_seconds)

    def _read_lines(self, link: serial.Serial) -> None:
        buffer = b""
        while not self._stop.is_set():
            chunk = link.read(256)
            if not chunk:
                continue
            buffer += chunk
            if len(buffer) > 4 * MAX_LINE and b"\n" not in buffer and b"\r" not in buffer:
                self.dropped += 1
                _logger.warning("reader line too long, dropped", extra={"device": self.device_id})
                buffer = b""
                continue
            while True:
                cut = min(
                    (i for i in (buffer.find(b"\n"), buffer.find(b"\r")) if i >= 0), default=-1
                )
                if cut < 0:
                    break
                line, buffer = buffer[:cut], buffer[cut + 1 :]
                if not line.strip(b"\r\n"):
                    continue
                value = parse_line(line)
                if value is None:
                    self.dropped += 1
                    _logger.warning("garbage from reader dropped", extra={"device": self.device_id})
                    continue
                try:
                    self.on_read(self.device_id, value)
                except Exception:
                    _logger.exception("read handler failed", extra={"device": self.device_id})


@register_driver("reader", "serial")
class SerialReaderDevice(ReaderDevice):
    def _make_reader(self, on_read: Callable[[str, str], None]) -> SerialLineReader:
        return SerialLineReader(
            self.device_id, self.config.port, self.config.baudrate or 9600, on_read
        )

    def _extra_state(self) -> dict[str, Any]:
        return {"dropped": self.reader.dropped}


@register_driver("reader", "mqtt")
class MqttReaderDevice(Device):
    """Reads arrive on the reader's event topic; there is nothing to drive."""

    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def state(self) -> dict[str, Any]:
        return {"status": "online"}
