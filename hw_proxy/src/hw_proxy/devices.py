"""Device interface, the simulator, and the registry that picks a driver per device.

Devices know nothing about MQTT or HTTP: they take a validated command dict and return
their new state as a dict.
"""

from __future__ import annotations

import copy
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from hw_proxy.config import Config, DeviceConfig

_logger = logging.getLogger(__name__)


class Device(ABC):
    """One physical (or simulated) device behind the proxy."""

    simulated: bool = False

    def __init__(self, config: DeviceConfig):
        self.config = config
        # One lock per device: commands for a device are handled one at a time.
        self.lock = threading.Lock()

    @property
    def device_id(self) -> str:
        return self.config.id

    @property
    def kind(self) -> str:
        return self.config.kind

    @abstractmethod
    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        """Act on ``cmd``; return the new state to publish, or None if nothing changed."""

    @abstractmethod
    def state(self) -> dict[str, Any]:
        """Return the current state as a JSON-serialisable dict."""

    def close(self) -> None:  # noqa: B027 - optional hook, most devices hold nothing
        """Release the device's resources."""


class SimulatedDevice(Device):
    """Stands in for any device: reports "online" and echoes every command as its state."""

    simulated = True

    def __init__(self, config: DeviceConfig):
        super().__init__(config)
        self._state: dict[str, Any] = {"status": "online"}

    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        with self.lock:
            self._state = {"status": "online", "last_command": copy.deepcopy(cmd)}
            return copy.deepcopy(self._state)

    def state(self) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self._state)


class ReaderDevice(Device):
    """A reader driver: never commanded, it reports reads to ``on_read`` once attached.

    Subclasses build the thread that reads (``_make_reader``); it must offer ``start()``,
    ``stop()`` and a ``connected`` flag.
    """

    def __init__(self, config: DeviceConfig):
        super().__init__(config)
        self.reader: Any = None

    def _make_reader(self, on_read: Callable[[str, str], None]) -> Any:
        raise NotImplementedError

    def _extra_state(self) -> dict[str, Any]:
        return {}

    def attach(self, on_read: Callable[[str, str], None]) -> None:
        self.reader = self._make_reader(on_read)
        self.reader.start()

    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def state(self) -> dict[str, Any]:
        if self.reader is None:
            return {"status": "idle"}
        return {"status": "online" if self.reader.connected else "offline", **self._extra_state()}

    def close(self) -> None:
        if self.reader is not None:
            self.reader.stop()


class UnavailableDevice(Device):
    """Placeholder for a device whose (kind, transport) has no driver yet."""

    def handle_command(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        _logger.warning(
            "command for device without driver discarded",
            extra={"device": self.device_id, "cmd_id": cmd.get("id")},
        )
        return None

    def state(self) -> dict[str, Any]:
        return {"status": "no-driver"}


DeviceFactory = Callable[[DeviceConfig], Device]

# Real drivers register here by (kind, transport).
DRIVERS: dict[tuple[str, str], DeviceFactory] = {}


def register_driver(kind: str, transport: str) -> Callable[[DeviceFactory], DeviceFactory]:
    """Class decorator: make ``factory`` the driver for devices of ``kind`` over ``transport``."""

    def decorator(factory: DeviceFactory) -> DeviceFactory:
        DRIVERS[(kind, transport)] = factory
        return factory

    return decorator


def build_devices(config: Config, *, simulate: bool) -> dict[str, Device]:
    """Instantiate every configured device, simulated or through its registered driver."""
    devices: dict[str, Device] = {}
    for dev_config in config.devices:
        if simulate:
            device: Device = SimulatedDevice(dev_config)
        else:
            factory = DRIVERS.get((dev_config.kind, dev_config.transport))
            if factory is None:
                _logger.warning(
                    "no driver for device; it is disabled",
                    extra={
                        "device": dev_config.id,
                        "kind": dev_config.kind,
                        "transport": dev_config.transport,
                    },
                )
                device = UnavailableDevice(dev_config)
            else:
                device = factory(dev_config)
        devices[dev_config.id] = device
    return devices
