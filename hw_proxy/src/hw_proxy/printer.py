"""ESC/POS receipt and ticket printers through ``python-escpos``: serial, network or file.

A print command: ``{"id", "action": "print", "title": str, "lines": [str, ...],
"qr": str | None, "cut": true}``. Chinese text is sent in the printer's GB18030 mode
(``FS &``), which Chinese thermal printers understand; the QR code uses the printer's
native QR command (``GS ( k``).
"""

from __future__ import annotations

import logging
from typing import Any

from escpos import printer as escpos_printer
from escpos.exceptions import Error as EscposError

from hw_proxy.config import DeviceConfig
from hw_proxy.devices import Device, register_driver

_logger = logging.getLogger(__name__)

CHINESE_ON = b"\x1c\x26"
CHINESE_OFF = b"\x1c\x2e"
MAX_LINES = 200


class EscposPrinterDevice(Device):
    def __init__(self, config: DeviceConfig):
        super().__init__(config)
        self.printed = 0
        self._status = "idle"

    def _open(self):
        raise NotImplementedError

    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        if cmd.get("action") != "print":
            _logger.warning("unknown printer action", extra={"device": self.device_id})
            return None
        lines = cmd.get("lines") or []
        if not isinstance(lines, list) or len(lines) > MAX_LINES:
            _logger.warning("bad print job discarded", extra={"device": self.device_id})
            return None
        with self.lock:
            try:
                device = self._open()
                try:
                    self._print(
                        device, cmd.get("title"), [str(line) for line in lines], cmd.get("qr")
                    )
                    if cmd.get("cut", True):
                        device.cut()
                finally:
                    device.close()
            except (EscposError, OSError) as error:
                self._status = "offline"
                _logger.error("print failed", extra={"device": self.device_id, "error": str(error)})
                return {"status": self._status, "printed": self.printed}
            self.printed += 1
            self._status = "online"
            return {"status": self._status, "printed": self.printed}

    @staticmethod
    def _print(device, title, lines, qr):
        device.hw("INIT")
        if title:
            device.set(align="center", bold=True, double_height=True)
            device._raw(CHINESE_ON + str(title).encode("gb18030", "replace") + b"\n" + CHINESE_OFF)
            device.set(align="left", bold=False, double_height=False)
        for line in lines:
            device._raw(CHINESE_ON + line.encode("gb18030", "replace") + b"\n" + CHINESE_OFF)
        if qr:
            device.set(align="center")
            device.qr(str(qr), size=6, native=True)
            device.set(align="left")

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"status": self._status, "printed": self.printed}


@register_driver("printer", "file")
class FilePrinter(EscposPrinterDevice):
    def _open(self):
        return escpos_printer.File(self.config.path, auto_flush=True)


@register_driver("printer", "network")
class NetworkPrinter(EscposPrinterDevice):
    def _open(self):
        return escpos_printer.Network(self.config.host, self.config.tcp_port, timeout=10)


@register_driver("printer", "serial")
class SerialPrinter(EscposPrinterDevice):
    def _open(self):
        return escpos_printer.Serial(self.config.port, baudrate=self.config.baudrate or 9600)
