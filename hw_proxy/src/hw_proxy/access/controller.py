"""Ties readers, the gatekeeper, the gates and the lights together inside the service."""

from __future__ import annotations

import logging
import threading
import time
import uuid as uuidlib
from collections.abc import Callable
from typing import Any

from hw_proxy.access.gatekeeper import Decision, Gatekeeper
from hw_proxy.access.link import OdooLink
from hw_proxy.access.store import Store
from hw_proxy.config import Config

_logger = logging.getLogger(__name__)

# actuate(device_id, command) sends a command to a device, whatever its transport.
Actuate = Callable[[str, dict[str, Any]], None]


class AccessController:
    def __init__(
        self,
        config: Config,
        store: Store,
        link: OdooLink | None,
        actuate: Actuate,
        light_interval: float = 15.0,
    ):
        self.config = config
        self.store = store
        self.link = link
        self.gatekeeper = Gatekeeper(store)
        self.actuate = actuate
        self.light_interval = light_interval
        self.readers = {dev.id: dev for dev in config.devices if dev.kind == "reader"}
        self.lights = [dev.id for dev in config.devices if dev.kind == "light"]
        self.light_states: dict[str, str] = {}
        self.decisions = 0
        self.granted = 0
        self._stop = threading.Event()
        self._light_thread = threading.Thread(target=self._light_loop, name="lights", daemon=True)

    def start(self) -> None:
        if self.link is not None:
            self.link.start()
        self._light_thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self.link is not None:
            self.link.stop()
        if self._light_thread.is_alive():
            self._light_thread.join(3)

    # ------------------------------------------------------------------ reads

    def on_read(
        self, reader_id: str, value: Any, kind: str | None = None, event_uuid: str | None = None
    ) -> Decision | None:
        """A reader read something: decide, record, then open what the reader opens."""
        reader = self.readers.get(reader_id)
        if reader is None or reader.point is None:
            _logger.warning("read from a reader without access point", extra={"device": reader_id})
            return None
        read = {"kind": kind, "value": value} if kind else value
        decision = self.gatekeeper.check(read, reader.point, event_uuid=event_uuid)
        self.decisions += 1
        _logger.info(
            "access decision",
            extra={
                "device": reader_id,
                "point": reader.point,
                "decision": decision.decision,
                "reason": decision.reason,
                "uuid": decision.uuid,
            },
        )
        # The event is on disk already: only now does anything open.
        if decision.granted and reader.opens:
            self.granted += 1
            target = self.config.device(reader.opens)
            self.actuate(
                reader.opens,
                {
                    "id": f"access-{decision.uuid}",
                    "action": "open",
                    "seconds": target.open_seconds,
                    "uuid": decision.uuid,
                },
            )
        if self.link is not None:
            self.link.poke()
        return decision

    # ------------------------------------------------------------------ lights

    def _light_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.apply_lights()
            except Exception:
                _logger.exception("light schedule failed")
            self._stop.wait(self.light_interval)

    def apply_lights(self, now: float | None = None) -> dict[str, str]:
        """Switch each light to what the synced schedule says for ``now``; works offline."""
        now = time.time() if now is None else now
        rows = self.store.db.execute(
            "SELECT DISTINCT device FROM lights WHERE on_at <= ? AND off_at > ?", (now, now)
        ).fetchall()
        lit = {row["device"] for row in rows}
        for device_id in self.lights:
            wanted = "on" if device_id in lit else "off"
            if self.light_states.get(device_id) != wanted:
                self.actuate(
                    device_id,
                    {"id": f"light-{device_id}-{uuidlib.uuid4().hex[:12]}", "action": wanted},
                )
                self.light_states[device_id] = wanted
        return dict(self.light_states)

    def status(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "decisions": self.decisions,
            "granted": self.granted,
            "lights": dict(self.light_states),
            "outbox_depth": self.store.outbox_depth(),
        }
        if self.link is not None:
            data["odoo"] = self.link.status()
        return data
