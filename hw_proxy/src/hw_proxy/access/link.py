"""The proxy's link to Odoo: upload the outbox, then pull changes, with backoff.

Runs in its own thread. Gates never wait for it: they decide on the local cache, and the
outbox holds every event until Odoo has acknowledged it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from hw_proxy.access.store import Store
from hw_proxy.odoo_client import OdooClient, OdooError

_logger = logging.getLogger(__name__)

BATCH = 500


class OdooLink:
    def __init__(
        self,
        store: Store,
        client: OdooClient,
        sync_interval: float = 30.0,
        min_backoff: float = 1.0,
        max_backoff: float = 60.0,
    ):
        self.store = store
        self.client = client
        self.sync_interval = sync_interval
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.online: bool | None = None
        self.last_sync_at: float | None = None
        self.last_error: str | None = None
        self.failures = 0
        # Why the link stopped for good (Odoo refused the API key), shown in ``status``.
        self.halted: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_sync = 0.0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="odoo-link", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def poke(self) -> None:
        """Something was queued: upload soon rather than at the next tick."""
        self._wake.set()

    def sync_soon(self) -> None:
        self._next_sync = 0.0
        self._wake.set()

    def status(self) -> dict[str, Any]:
        return {
            "online": self.online,
            "last_sync_at": self.last_sync_at,
            "last_error": self.last_error,
            "halted": self.halted,
            "outbox_depth": self.store.outbox_depth(),
            "dead_letters": self.store.dead_count(),
            "dead_readings": self.store.dead_readings_count(),
            "readings_depth": self.store.readings_depth(),
            "cursor": self.store.get_meta("cursor"),
        }

    # ------------------------------------------------------------------ work

    def _run(self) -> None:
        while not self._stop.is_set() and self.halted is None:
            delay = self.tick()
            self._wake.wait(delay)
            self._wake.clear()

    def tick(self) -> float:
        """One round of upload and sync; returns how long to wait before the next one."""
        if self.halted is not None:
            return self.max_backoff
        try:
            self.upload_all()
            self.upload_readings()
            if time.monotonic() >= self._next_sync:
                self.sync_all()
                self._next_sync = time.monotonic() + self.sync_interval
        except OdooError as error:
            self.failures += 1
            self.online = False
            self.last_error = str(error)[:300]
            if error.authentication:
                # A wrong, revoked or expired API key (401), or a user Odoo denies access
                # (403): every retry would be refused the same way. Gates keep deciding
                # offline; the link waits for a fixed config.
                self.halted = _halt_reason(error)
                _logger.error(
                    "odoo link stopped", extra={"error": self.last_error, "reason": self.halted}
                )
                return self.max_backoff
            if error.retry:
                delay = min(self.max_backoff, self.min_backoff * 2 ** min(self.failures - 1, 16))
            else:
                # Refused as is (a 4xx): it fails the same way again soon, so wait longest.
                delay = self.max_backoff
            delay *= 0.5 + random.random() / 2
            _logger.warning(
                "odoo link failed", extra={"error": self.last_error, "retry_in": round(delay, 1)}
            )
            return delay
        self.failures = 0
        self.online = True
        self.last_error = None
        return min(self.sync_interval, 5.0) if self.store.outbox_depth() == 0 else 0.0

    def upload_all(self) -> int:
        """Send the outbox in batches until it is empty; returns how many Odoo stored."""
        return self._upload_queue(
            self.store.outbox_batch,
            self.client.upload_events,
            self.store.outbox_done,
            self.store.outbox_dead,
            "event",
        )

    def upload_readings(self) -> int:
        """Send counter and meter readings in batches, like events; a refused reading goes
        to the ``dead_readings`` table."""
        return self._upload_queue(
            self.store.readings_batch,
            self.client.upload_readings,
            self.store.readings_done,
            self.store.reading_dead,
            "reading",
        )

    def _upload_queue(
        self,
        next_batch: Callable[[int], list[dict[str, Any]]],
        send: Callable[[list[dict[str, Any]]], dict[str, Any]],
        done: Callable[[list[str]], None],
        dead: Callable[[str, str, float], None],
        what: str,
    ) -> int:
        stored = 0
        while True:
            batch = next_batch(BATCH)
            if not batch:
                return stored
            before = {item["uuid"] for item in batch}
            stored += self._deliver(batch, send, done, dead, what)
            if {item["uuid"] for item in next_batch(BATCH)} >= before:
                # Odoo answered without naming any item: sending again at once would only
                # loop. Back off like for an outage; the items stay queued.
                raise OdooError(f"Odoo acknowledged none of {len(batch)} {what}s sent")
            if len(batch) < BATCH:
                return stored

    def _deliver(
        self,
        batch: list[dict[str, Any]],
        send: Callable[[list[dict[str, Any]]], dict[str, Any]],
        done: Callable[[list[str]], None],
        dead: Callable[[str, str, float], None],
        what: str,
    ) -> int:
        """Send ``batch``; returns how many items Odoo stored.

        Odoo answers item by item (accepted, duplicates, rejected). When it refuses the
        whole batch instead (an HTTP 500 from an item it could not parse, or a 4xx), the
        batch is split in halves until the item that breaks it is alone; that item goes
        to the dead letters and the others are delivered. Outages, 401/403, 408, 409, 429
        and 5xx other than 500 are raised: the caller backs off and sends the batch again.
        """
        try:
            result = send(batch)
        except OdooError as error:
            if not _refuses_content(error):
                raise
            if len(batch) > 1:
                middle = len(batch) // 2
                return self._deliver(batch[:middle], send, done, dead, what) + self._deliver(
                    batch[middle:], send, done, dead, what
                )
            # One item alone is refused. Before putting it aside, make sure Odoo handles an
            # empty batch (takes it, or refuses it as input, 422): if not, Odoo itself is
            # broken and the item may be fine.
            try:
                send([])
            except OdooError as probe:
                if probe.status != 422:
                    raise error from None
            reason = _refusal(error)
            _logger.error(
                "odoo refused an upload alone; kept aside",
                extra={"kind": what, "uuid": batch[0]["uuid"], "error": reason},
            )
            dead(batch[0]["uuid"], reason, time.time())
            return 0
        if not isinstance(result, dict):
            raise OdooError(f"bad answer to an upload: {str(result)[:200]}")
        done([*result.get("accepted", []), *result.get("duplicates", [])])
        by_uuid = {item["uuid"]: item for item in batch}
        for item in result.get("rejected", []):
            index, item_uuid = item.get("index"), item.get("uuid")
            if isinstance(index, int) and 0 <= index < len(batch):
                item_uuid = batch[index]["uuid"]
            if item_uuid not in by_uuid:
                continue
            _logger.error(
                "odoo refused an upload; kept aside",
                extra={"kind": what, "uuid": item_uuid, "error": item.get("error")},
            )
            dead(item_uuid, str(item.get("error"))[:300], time.time())
        return len(result.get("accepted", []))

    def sync_all(self) -> int:
        """Pull every page of changes; returns how many rows were applied."""
        applied = 0
        while True:
            page = self.client.sync(self.store.get_meta("cursor"), limit=BATCH)
            self.store.apply_sync(page)
            applied += len(page.get("entitlements", [])) + len(page.get("credentials", []))
            if not page.get("more"):
                break
        self.last_sync_at = time.time()
        return applied


def _halt_reason(error: OdooError) -> str:
    """What the status page says when Odoo refuses the proxy for good."""
    if error.status == 401:
        return "Odoo refused the API key (HTTP 401): set a valid odoo.api_key and restart the proxy"
    detail = error.odoo_message or "no message"
    return (
        f"Odoo refused access (HTTP {error.status}): {detail}. Fix the proxy user's rights "
        "or venue in Odoo, then restart the proxy"
    )


def _refuses_content(error: OdooError) -> bool:
    """Whether Odoo refused what was sent rather than the caller or the moment: an HTTP
    500 (an item it failed to handle) or a 4xx other than 401, 403, 408, 409 and 429."""
    status = error.status
    if status is None:
        return False
    return status == 500 or (400 <= status < 500 and status not in (401, 403, 408, 409, 429))


def _refusal(error: OdooError) -> str:
    """What a dead letter keeps of Odoo's refusal: its status and message, no traceback."""
    return f"HTTP {error.status}: {error.odoo_message or 'no message'}"[:300]
