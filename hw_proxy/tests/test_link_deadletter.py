"""One bad event or reading never blocks the proxy's uploads.

A local HTTP server answers the access API's JSON-2 calls the way Odoo does: item by item
(``accepted``, ``duplicates``, ``rejected``), except for a time it cannot even represent
(Unix seconds 1e20, year 9999 with a negative offset). Odoo before issue 12 then fails the
whole batch with HTTP 500 (``"today"``); a fixed Odoo rejects that item alone (``"fixed"``).
Either way the proxy must deliver every good item and keep the bad one aside.
"""

from __future__ import annotations

import json
import math
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hw_proxy.access.link import BATCH, OdooLink
from hw_proxy.access.store import Store
from hw_proxy.odoo_client import OdooClient

POISON = 1e20


def _parse_time(value):
    """As Odoo's ``sports.access.upload._parse_time``: ValueError for what it can read
    and refuse, OverflowError for what it cannot represent at all."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str):
        raise ValueError("not a time")
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


class _Odoo(BaseHTTPRequestHandler):
    def do_POST(self):
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        method = self.path.rsplit("/", 1)[-1]
        with server.lock:
            server.calls.append((method, len(body.get("batch", []))))
            status = server.status
        if status is not None:
            return self._send(status, {"name": "werkzeug.exceptions.HTTPException"})
        if server.mode == "silent":
            return self._send(200, {"accepted": [], "duplicates": [], "rejected": []})
        if server.broken:
            return self._send(500, {"name": "builtins.KeyError", "message": "'oops'"})
        if method == "sync":
            return self._send(200, {"cursor": "0:0", "more": False})
        if method not in ("upload_events", "upload_readings"):
            return self._send(404, {"name": "werkzeug.exceptions.NotFound", "message": method})
        if not body["batch"] and server.empty_status:
            return self._send(server.empty_status, {"message": "The batch is empty."})
        field = "device_time" if method == "upload_events" else "measured_at"
        accepted, duplicates, rejected = [], [], []
        for index, item in enumerate(body["batch"]):
            try:
                if server.mode != "lenient":
                    _parse_time(item[field])
            except OverflowError as error:
                if server.mode == "today":
                    # Odoo's JSON-2 answer to an exception it does not expect.
                    return self._send(
                        500,
                        {
                            "name": "builtins.OverflowError",
                            "message": str(error),
                            "debug": "Traceback (most recent call last): ...",
                        },
                    )
                rejected.append({"index": index, "uuid": item["uuid"], "error": "time too far"})
                continue
            except ValueError as error:
                rejected.append({"index": index, "uuid": item["uuid"], "error": str(error)})
                continue
            with server.lock:
                if item["uuid"] in server.stored[method]:
                    duplicates.append(item["uuid"])
                else:
                    server.stored[method].add(item["uuid"])
                    accepted.append(item["uuid"])
        return self._send(
            200, {"accepted": accepted, "duplicates": duplicates, "rejected": rejected}
        )

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def odoo():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Odoo)
    server.lock = threading.Lock()
    server.calls = []
    server.stored = {"upload_events": set(), "upload_readings": set()}
    server.mode, server.status, server.broken = "today", None, False
    server.empty_status = None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def link(tmp_path, odoo):
    client = OdooClient(f"http://127.0.0.1:{odoo.server_port}", "db", "key", timeout=5)
    store = Store(tmp_path / "proxy.sqlite3")
    yield OdooLink(store, client, min_backoff=0.01, max_backoff=0.05)
    store.close()


def _event(device_time):
    return {
        "uuid": str(uuid.uuid4()),
        "point": "gate-in",
        "credential": "qr:1",
        "direction": "in",
        "decision": "granted",
        "reason": None,
        "device_time": device_time,
    }


def _reading(measured_at):
    return {
        "uuid": str(uuid.uuid4()),
        "device": "counter-1",
        "metric": "people_in",
        "value": 1,
        "measured_at": measured_at,
    }


def _queue_events(store, times):
    events = [_event(t) for t in times]
    for n, event in enumerate(events):
        store.outbox_add(event, 1000.0 + n)
    return events


def _now_iso():
    return datetime.now(UTC).isoformat()


def _times_with_poison(good, poison_at, poison=POISON):
    times = [_now_iso() for _n in range(good)]
    times.insert(poison_at, poison)
    return times


def _tick_until_idle(link, rounds=5):
    for _n in range(rounds):
        link.tick()
        if link.store.outbox_depth() == 0 and link.store.readings_depth() == 0:
            return


@pytest.mark.parametrize("mode", ["today", "fixed"])
@pytest.mark.parametrize(
    "poison", [POISON, "9999-12-31T23:59:59-08:00", "0001-01-01T00:00:00+08:00"]
)
def test_one_poisoned_event_among_500_is_kept_aside_and_the_rest_arrive(link, odoo, mode, poison):
    odoo.mode = mode
    events = _queue_events(link.store, _times_with_poison(500, 137, poison))
    link.tick()
    bad = events[137]["uuid"]
    good = {e["uuid"] for e in events} - {bad}
    assert odoo.stored["upload_events"] == good
    state = link.status()
    assert state["outbox_depth"] == 0
    assert state["dead_letters"] == 1
    assert state["online"] is True and state["last_error"] is None
    [dead] = link.store.dead_list()
    assert dead["kind"] == "event" and dead["uuid"] == bad
    assert dead["payload"]["device_time"] == poison
    uploads = [call for call in odoo.calls if call[0] == "upload_events"]
    if mode == "today":
        assert dead["error"].startswith("HTTP 500: ")
        assert "Traceback" not in dead["error"]
        # Halving 500 items down to one: about 2 calls per level, plus one empty batch.
        assert len(uploads) <= 2 * math.ceil(math.log2(BATCH)) + 4
    else:
        assert dead["error"] == "time too far"
        assert uploads == [("upload_events", 500), ("upload_events", 1)]  # nothing resent


def test_several_poisoned_events_all_go_aside(link, odoo):
    times = [_now_iso() for _n in range(300)]
    for index in (0, 1, 150, 299):
        times[index] = POISON
    events = _queue_events(link.store, times)
    link.tick()
    bad = {events[i]["uuid"] for i in (0, 1, 150, 299)}
    assert odoo.stored["upload_events"] == {e["uuid"] for e in events} - bad
    assert {d["uuid"] for d in link.store.dead_list()} == bad
    assert link.store.outbox_depth() == 0


@pytest.mark.parametrize("mode", ["today", "fixed"])
def test_one_poisoned_reading_is_kept_aside_and_the_rest_arrive(link, odoo, mode):
    odoo.mode = mode
    readings = [_reading(t) for t in _times_with_poison(500, 499)]
    for n, reading in enumerate(readings):
        link.store.reading_add(reading, 1000.0 + n)
    link.tick()
    bad = readings[499]["uuid"]
    assert odoo.stored["upload_readings"] == {r["uuid"] for r in readings} - {bad}
    state = link.status()
    assert state["readings_depth"] == 0
    assert (state["dead_readings"], state["dead_letters"]) == (1, 0)
    [dead] = link.store.dead_list()
    assert (dead["kind"], dead["uuid"]) == ("reading", bad)


def test_a_reading_odoo_rejects_by_item_is_kept_aside_not_dropped(link, odoo):
    odoo.mode = "fixed"
    reading = _reading("not a time")
    link.store.reading_add(reading, 1000.0)
    link.tick()
    assert link.store.readings_depth() == 0
    [dead] = link.store.dead_list()
    assert (dead["kind"], dead["uuid"]) == ("reading", reading["uuid"])
    assert "Invalid isoformat" in dead["error"]


@pytest.mark.parametrize("status", [401, 403, 408, 409, 429, 502, 503, 504])
def test_a_refused_caller_or_a_busy_odoo_sends_the_whole_batch_again(link, odoo, status):
    events = _queue_events(link.store, _times_with_poison(20, 5))
    odoo.status = status
    link.tick()
    assert odoo.calls == [("upload_events", 21)]  # no split, no probe
    assert link.store.outbox_depth() == 21
    assert link.store.dead_count() == 0
    assert link.status()["online"] is False
    odoo.status = None
    link.halted = None  # 401/403 stop the link until a person restarts it
    link.tick()
    assert link.store.outbox_depth() == 0
    assert odoo.stored["upload_events"] == {e["uuid"] for e in events} - {events[5]["uuid"]}
    assert link.store.dead_count() == 1


def test_unreachable_odoo_dead_letters_nothing(tmp_path, odoo):
    port = odoo.server_port
    odoo.shutdown()
    odoo.server_close()
    client = OdooClient(f"http://127.0.0.1:{port}", "db", "key", timeout=2)
    store = Store(tmp_path / "p.sqlite3")
    link = OdooLink(store, client, min_backoff=0.01, max_backoff=0.05)
    _queue_events(store, _times_with_poison(10, 0))
    link.tick()
    assert (store.outbox_depth(), store.dead_count()) == (11, 0)
    assert "unreachable" in link.status()["last_error"]


def test_an_odoo_that_fails_every_call_dead_letters_nothing(link, odoo):
    """A 500 for every batch, even an empty one, is Odoo's fault, not the events'."""
    odoo.broken = True
    _queue_events(link.store, [_now_iso() for _n in range(500)])
    for _n in range(3):
        link.tick()
    assert link.store.outbox_depth() == 500
    assert link.store.dead_count() == 0
    assert "HTTP 500" in link.status()["last_error"]
    # Each round halves down to one event and asks once with an empty batch: bounded.
    assert len(odoo.calls) <= 3 * (math.ceil(math.log2(BATCH)) + 2)
    odoo.broken = False
    link.tick()
    assert link.store.outbox_depth() == 0 and len(odoo.stored["upload_events"]) == 500


@pytest.mark.parametrize(("empty_status", "dead"), [(422, 1), (404, 0), (500, 0), (503, 0)])
def test_an_odoo_that_handles_an_empty_batch_confirms_the_item_is_bad(
    link, odoo, empty_status, dead
):
    """An Odoo that refuses an empty batch as input (422) is working: the lone item is
    bad. One that answers 404, 500 or 503 to it may be broken: keep the item queued."""
    odoo.empty_status = empty_status
    _queue_events(link.store, _times_with_poison(9, 4))
    link.tick()
    link.tick()
    if dead:
        assert (link.store.dead_count(), link.store.outbox_depth()) == (1, 0)
        assert len(odoo.stored["upload_events"]) == 9
    else:
        # The four events before it arrived; it and those after wait for a working Odoo.
        assert (link.store.dead_count(), link.store.outbox_depth()) == (0, 6)
        assert len(odoo.stored["upload_events"]) == 4
        assert link.status()["online"] is False


def test_an_answer_that_names_no_item_backs_off_instead_of_looping(link, odoo):
    odoo.mode = "silent"
    _queue_events(link.store, [_now_iso() for _n in range(3)])
    delay = link.tick()
    assert delay > 0
    assert [c for c in odoo.calls if c[0] == "upload_events"] == [("upload_events", 3)]
    assert link.store.outbox_depth() == 3 and link.store.dead_count() == 0
    assert "acknowledged none of 3 events" in link.status()["last_error"]


def test_a_dead_letter_can_be_requeued_and_then_arrives(link, odoo):
    events = _queue_events(link.store, _times_with_poison(3, 1))
    link.tick()
    bad = events[1]["uuid"]
    assert [d["uuid"] for d in link.store.dead_list()] == [bad]
    # Once Odoo can take it (here: an Odoo that reads any time), a person puts it back.
    odoo.mode = "lenient"
    assert link.store.dead_requeue(bad, time.time()) == "event"
    assert link.store.dead_requeue(bad, time.time()) is None
    assert (link.store.dead_count(), link.store.outbox_depth()) == (0, 1)
    _tick_until_idle(link)
    assert bad in odoo.stored["upload_events"]
    assert link.store.outbox_depth() == 0


def test_a_dead_letter_keeps_the_local_use_it_counted(tmp_path):
    store = Store(tmp_path / "p.sqlite3")
    event = _event(POISON)
    store.outbox_add(event, 1.0, entitlement_id=42, counted=True)
    store.outbox_dead(event["uuid"], "HTTP 500: x", 2.0)
    row = store.db.execute("SELECT entitlement_id, counted FROM dead_letters").fetchone()
    assert tuple(row) == (42, 1)
    store.dead_requeue(event["uuid"], 3.0)
    row = store.db.execute("SELECT entitlement_id, counted FROM outbox").fetchone()
    assert tuple(row) == (42, 1)
    store.close()


def test_a_database_from_before_the_dead_letter_columns_opens(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE dead_letters (uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, "
        "error TEXT, dead_at REAL NOT NULL)"
    )
    db.execute("INSERT INTO dead_letters VALUES ('u1', '{}', 'old', 1.0)")
    db.commit()
    db.close()
    store = Store(path)
    assert store.dead_count() == 1
    assert store.dead_requeue("u1", 2.0) == "event"
    assert store.outbox_depth() == 1
    store.close()
