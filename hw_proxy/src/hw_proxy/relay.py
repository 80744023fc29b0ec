"""Gates on a serial USB relay board.

Frame protocol (the common "LCUS" CH340 relay boards, 9600 8N1): four bytes
``0xA0, relay, state, checksum`` where ``relay`` is 1-based, ``state`` is 1 (closed, gate
released) or 0 (open contact, gate locked) and ``checksum = (0xA0 + relay + state) & 0xFF``.
Opening a gate closes the relay for ``open_seconds``, then releases it. The board sends
nothing back, so the driver's state is what it last wrote.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import serial

from hw_proxy.config import DeviceConfig
from hw_proxy.devices import Device, register_driver

_logger = logging.getLogger(__name__)


def relay_frame(relay: int, closed: bool) -> bytes:
    if not 1 <= relay <= 255:
        raise ValueError("relay must be 1..255")
    state = 1 if closed else 0
    return bytes([0xA0, relay, state, (0xA0 + relay + state) & 0xFF])


@register_driver("gate", "serial")
class SerialRelayGate(Device):
    relay = 1

    def __init__(self, config: DeviceConfig):
        super().__init__(config)
        self._port: serial.Serial | None = None
        self._open_until = 0.0
        self._timer: threading.Timer | None = None
        self._status = "offline"
        self.opened = 0

    def _serial(self) -> serial.Serial:
        if self._port is None or not self._port.is_open:
            self._port = serial.Serial(self.config.port, self.config.baudrate or 9600, timeout=1)
        return self._port

    def _write(self, closed: bool) -> None:
        try:
            port = self._serial()
            port.write(relay_frame(self.relay, closed))
            port.flush()
            self._status = "online"
        except (serial.SerialException, OSError) as error:
            # Unplugged: forget the port and try again on the next command.
            self._status = "offline"
            self._port = None
            _logger.error(
                "relay write failed", extra={"device": self.device_id, "error": str(error)}
            )
            raise

    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        action = cmd.get("action")
        if action not in ("open", "close", "hold"):
            _logger.warning(
                "unknown gate action", extra={"device": self.device_id, "action": action}
            )
            return None
        with self.lock:
            if self._timer:
                self._timer.cancel()
                self._timer = None
            try:
                self._write(action in ("open", "hold"))
            except (serial.SerialException, OSError):
                return self._state_locked()
            if action == "open":
                self.opened += 1
                seconds = cmd.get("seconds") or self.config.open_seconds or 5.0
                self._open_until = time.monotonic() + float(seconds)
                self._timer = threading.Timer(float(seconds), self._release)
                self._timer.daemon = True
                self._timer.start()
            self._open_until = float("inf") if action == "hold" else self._open_until
            if action == "close":
                self._open_until = 0.0
            return self._state_locked()

    def _release(self) -> None:
        with self.lock:
            try:
                self._write(False)
            except (serial.SerialException, OSError):
                return
            self._open_until = 0.0

    def _state_locked(self) -> dict[str, Any]:
        is_open = time.monotonic() < self._open_until
        return {
            "status": self._status,
            "gate": "open" if is_open else "closed",
            "opened": self.opened,
        }

    def state(self) -> dict[str, Any]:
        with self.lock:
            return self._state_locked()

    def close(self) -> None:
        with self.lock:
            if self._timer:
                self._timer.cancel()
            if self._port is not None:
                self._port.close()
