"""The proxy service: routes commands from MQTT to devices and publishes their state."""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Any

from arena_access.devices import METRIC_CODES
from hw_proxy import __version__, camera, printer, readers, relay  # noqa: F401 - drivers register on import
from hw_proxy.access.controller import AccessController
from hw_proxy.access.link import OdooLink
from hw_proxy.access.store import Store
from hw_proxy.config import Config
from hw_proxy.devices import Device, build_devices
from hw_proxy.mqtt import MqttTransport
from hw_proxy.odoo_client import OdooClient
from hw_proxy.status import StatusServer

_logger = logging.getLogger(__name__)

SEEN_IDS_CAPACITY = 10_000
READING_METRICS = METRIC_CODES


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SeenIds:
    """A bounded, thread-safe LRU set of message ids, to drop redelivered commands."""

    def __init__(self, capacity: int = SEEN_IDS_CAPACITY):
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self._items: OrderedDict[Hashable, None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True
            return False

    def add(self, key: Hashable) -> None:
        with self._lock:
            self._items[key] = None
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class Service:
    """One proxy: its devices, the MQTT transport and the status endpoint."""

    def __init__(self, config: Config, *, simulate: bool = False):
        self.config = config
        self.simulate = simulate
        self.devices: dict[str, Device] = build_devices(config, simulate=simulate)
        self.seen = SeenIds()
        self.started_at: str | None = None
        self._stop_requested = threading.Event()
        self._stopped = False
        self._lock = threading.Lock()

        prefix = config.topic_prefix
        self._cmd_topics: dict[str, str] = {}
        self._cmd_topic_of: dict[str, str] = {}
        self._event_topics: dict[str, str] = {}
        self._state_topics: dict[str, str] = {}
        for dev in config.devices:
            base = dev.topic or f"{prefix}/{dev.id}"
            self._cmd_topics[f"{base}/cmd"] = dev.id
            self._cmd_topic_of[dev.id] = f"{base}/cmd"
            self._event_topics[f"{base}/event"] = dev.id
            self._state_topics[dev.id] = f"{base}/state"
        subscriptions = [f"{prefix}/+/cmd", f"{prefix}/+/event"] + [
            topic
            for topic in (*self._cmd_topics, *self._event_topics)
            if not _matches_one_level(prefix, topic)
        ]
        self.transport = MqttTransport(
            config.mqtt,
            will_topic=config.proxy_state_topic,
            will_payload="offline",
            subscriptions=subscriptions,
            on_message=self._on_message,
            on_connect=self._on_connect,
        )
        self.store = Store(config.storage.path, config.storage.synchronous)
        client = OdooClient(
            config.odoo.url, config.odoo.db, config.odoo.api_key, config.odoo.timeout_seconds
        )
        self.link = OdooLink(self.store, client, sync_interval=config.sync.interval_seconds)
        self.access = AccessController(
            config,
            self.store,
            self.link,
            self.actuate,
            light_interval=config.sync.light_check_seconds,
        )
        self.status_server: StatusServer | None = None
        if config.status.enabled:
            self.status_server = StatusServer(config.status.bind, config.status.port, self.snapshot)

    def state_topic(self, device_id: str) -> str:
        return self._state_topics[device_id]

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start serving status and connecting to the broker; returns immediately."""
        self.started_at = _now()
        if self.status_server is not None:
            self.status_server.start()
        self.transport.start()
        for device in self.devices.values():
            attach = getattr(device, "attach", None)
            if attach is not None:
                attach(self.access.on_read)
        self.access.start()
        _logger.info(
            "proxy started",
            extra={
                "venue": self.config.venue.code,
                "simulate": self.simulate,
                "devices": len(self.devices),
                "version": __version__,
            },
        )

    def request_stop(self) -> None:
        """Ask ``run()`` to return; safe to call from a signal handler."""
        self._stop_requested.set()

    def run(self) -> None:
        """Start, block until ``request_stop()``, then stop cleanly."""
        try:
            self.start()
            while not self._stop_requested.wait(1.0):
                pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Publish offline states, disconnect and stop the status endpoint. Idempotent."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        final: list[tuple[str, dict[str, Any] | str]] = [
            (self._state_topics[dev_id], self._state_message(dev, {"status": "offline"}))
            for dev_id, dev in self.devices.items()
        ]
        final.append((self.config.proxy_state_topic, "offline"))
        self.access.stop()
        self.transport.stop(final)
        if self.status_server is not None:
            self.status_server.stop()
        for device in self.devices.values():
            try:
                device.close()
            except Exception:
                _logger.exception("device close failed", extra={"device": device.device_id})
        self.store.close()
        _logger.info("proxy stopped", extra={"venue": self.config.venue.code})

    # --- status ----------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        devices = []
        for dev in self.devices.values():
            try:
                state = dev.state()
            except Exception as exc:
                _logger.exception("device state failed", extra={"device": dev.device_id})
                state = {"status": "error", "error": str(exc)}
            devices.append(
                {
                    "id": dev.device_id,
                    "kind": dev.kind,
                    "transport": dev.config.transport,
                    "simulated": dev.simulated,
                    "state": state,
                }
            )
        return {
            "venue": self.config.venue.code,
            "venue_name": self.config.venue.name,
            "version": __version__,
            "started_at": self.started_at,
            "simulate": self.simulate,
            "mqtt": {
                "connected": self.transport.connected,
                "host": self.config.mqtt.host,
                "port": self.config.mqtt.port,
            },
            "devices": devices,
            "access": self.access.status(),
        }

    # --- MQTT callbacks (transport thread) ---------------------------------------------------

    def _state_message(
        self, device: Device, state: dict[str, Any], reply_to: str | None = None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "device": device.device_id,
            "kind": device.kind,
            "simulated": device.simulated,
            "ts": _now(),
            "state": state,
        }
        if reply_to is not None:
            message["reply_to"] = reply_to
        return message

    def _on_connect(self) -> None:
        self.transport.publish(self.config.proxy_state_topic, "online", retain=True)
        for dev_id, device in self.devices.items():
            self.transport.publish(
                self._state_topics[dev_id],
                self._state_message(device, device.state()),
                retain=True,
            )

    def actuate(self, device_id: str, command: dict[str, Any]) -> None:
        """Send ``command`` to a device: on its MQTT inbox, or straight to its driver."""
        config = self.config.device(device_id)
        if config.transport == "mqtt":
            # The device (or, simulated, this proxy) acts on its own inbox.
            self.transport.publish(self._cmd_topic_of[device_id], command)
            return
        device = self.devices[device_id]
        state = device.handle_command(command)
        self.seen.add((device_id, command["id"]))
        if state is not None:
            self.transport.publish(
                self._state_topics[device_id],
                self._state_message(device, state, reply_to=command["id"]),
                retain=True,
            )

    def _on_event(self, device_id: str, message: dict[str, Any]) -> None:
        key = ("event", device_id, message["id"])
        if key in self.seen:
            _logger.info(
                "duplicate event ignored", extra={"device": device_id, "id": message["id"]}
            )
            return
        self.seen.add(key)
        kind = self.config.device(device_id).kind
        if kind in ("counter", "energy"):
            self._on_reading(device_id, message)
            return
        if kind != "reader":
            _logger.info("device event", extra={"device": device_id, "id": message["id"]})
            return
        value, kind = message.get("value"), message.get("kind")
        if not isinstance(value, str) or kind not in (None, "qr", "uid", "plate", "face"):
            _logger.warning(
                "malformed read discarded", extra={"device": device_id, "id": message["id"]}
            )
            return
        self.access.on_read(device_id, value, kind)

    def _on_reading(self, device_id: str, message: dict[str, Any]) -> None:
        """A counter or meter reading: queued on disk, uploaded in batches by the link."""
        metric, value = message.get("metric"), message.get("value")
        if (
            metric not in READING_METRICS
            or isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)  # NaN, or 1e400 read as infinity
        ):
            _logger.warning(
                "malformed reading discarded", extra={"device": device_id, "id": message["id"]}
            )
            return
        # One uuid per (device, message id): a redelivered message is the same reading.
        reading_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{device_id}/{message['id']}"))
        self.store.reading_add(
            {
                "uuid": reading_uuid,
                "device": device_id,
                "metric": metric,
                "value": value,
                "measured_at": _now(),
            },
            time.time(),
        )
        self.link.poke()

    def _on_message(self, topic: str, message: dict[str, Any]) -> None:
        if topic in self._event_topics:
            self._on_event(self._event_topics[topic], message)
            return
        if topic.endswith("/event"):
            _logger.warning("event from unknown device discarded", extra={"topic": topic})
            return
        device_id = self._cmd_topics.get(topic)
        msg_id = message["id"]
        if device_id is None:
            _logger.warning(
                "command for unknown device discarded", extra={"topic": topic, "id": msg_id}
            )
            return
        key = (device_id, msg_id)
        if key in self.seen:
            _logger.info("duplicate command ignored", extra={"device": device_id, "id": msg_id})
            return
        device = self.devices[device_id]
        state = device.handle_command(message)
        # Only a handled command counts as seen, so that a failed one can be retried.
        self.seen.add(key)
        _logger.info("command handled", extra={"device": device_id, "id": msg_id})
        if state is not None:
            self.transport.publish(
                self._state_topics[device_id],
                self._state_message(device, state, reply_to=msg_id),
                retain=True,
            )


def _matches_one_level(prefix: str, topic: str) -> bool:
    """True if ``topic`` is matched by the subscription ``<prefix>/+/cmd``."""
    rest = topic.removeprefix(prefix + "/")
    if rest == topic:
        return False
    parts = rest.split("/")
    return len(parts) == 2 and parts[1] == "cmd"
