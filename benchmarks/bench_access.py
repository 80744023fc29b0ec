"""Access control benchmarks, each figure against a baseline measured in the same run.

1. verify: 1,000 ``POST /json/2/sports.access.api/verify`` calls to an ``odoo-bin`` HTTP
   server started here, with the API key of the venue's proxy user, each with a fresh uuid
   (a real decision that writes an access event): fresh tickets, day passes, exits, reused
   and forged QR codes, unknown card UIDs, tickets at the wrong area. Latency p50/p99
   against a bare authenticated JSON-2 ``res.users/context_get``, interleaved with them.
2. ingest: 10,000 offline events through ``upload_events`` in batches of 1,000, in this
   process as the proxy user (and, for information, over HTTP), against one ORM ``create``
   per event; then the same batches again, which must insert nothing.
3. daily: ``sports.access.daily._compute_days`` over 1,000,000 events of one venue on 30
   days (seeded in SQL) against an ORM fetch per day summed in Python; both must agree.

Run it with ``scripts/bench access`` (see benchmarks/README.md). It needs a database of its
own, ``arena_bench_access``, which scripts/bench creates afresh on every run.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta

import pytz
from bench_booking import BenchError, note, out, time_ms

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tools import SQL

TZ = "Asia/Shanghai"
HOST = "127.0.0.1"
VENUE_CODE = "BENCHA"  # verify and ingest
STATS_VENUE_CODE = "BENCHS"  # the million events of the daily statistics
# (point code, area, direction) of the verify/ingest venue.
POINTS = [
    ("pool-in-1", "pool", "in"),
    ("pool-in-2", "pool", "in"),
    ("pool-out-1", "pool", "out"),
    ("gym-in-1", "gym", "in"),
    ("gym-out-1", "gym", "out"),
]
# What the verify calls present, with their share and the decision each must get.
VERIFY_MIX = [
    ("ticket", 0.40, "granted"),  # an unused single-entry pool ticket at a pool entry
    ("day_pass", 0.10, "granted"),  # a gym day pass at the gym entry, any number of times
    ("exit", 0.10, "granted"),  # a used pool ticket at the pool exit
    ("reuse", 0.10, "denied"),  # a used pool ticket at a pool entry again
    ("unknown_uid", 0.15, "denied"),  # a card UID nobody issued
    ("forged", 0.10, "denied"),  # a real ticket QR with its validity extended by a year
    ("wrong_area", 0.05, "denied"),  # a pool ticket at the gym entry
]
EXPECTED = {kind: decision for kind, _share, decision in VERIFY_MIX}
WARMUP_CALLS = 20


def _qrtoken():
    from arena_access import token

    return token


def percentile(values, pct):
    """The ``pct`` percentile (1-99) of ``values``, interpolated like statistics.quantiles."""
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


# ----------------------------------------------------------------------------------------
# Data set-up: venues of their own in the (fresh) benchmark database
# ----------------------------------------------------------------------------------------
def check_fresh(env):
    """The venues are created on every run: the database must not hold them yet."""
    codes = (VENUE_CODE, STATS_VENUE_CODE)
    if env["sports.venue"].with_context(active_test=False).search_count([("code", "in", codes)]):
        raise BenchError(
            f"{env.cr.dbname} holds a venue {' or '.join(codes)} already: run the benchmark "
            "through scripts/bench, which creates its database afresh"
        )


def setup_access_venue(env, day_passes):
    """The verify/ingest venue, open around the clock (no opening calendar): a pool with
    anti-passback behind two entries and an exit, a gym without rules behind an entry and
    an exit, ticket types for both and ``day_passes`` gym day passes; its proxy user and a
    new API key of that user."""
    venue = env["sports.venue"].create({"name": "Bench Access", "code": VENUE_CODE, "tz": TZ})
    Area = env["sports.area"]
    areas = {
        "pool": Area.create({"name": "Pool", "venue_id": venue.id, "access_anti_passback": True}),
        "gym": Area.create({"name": "Gym", "venue_id": venue.id, "access_sharing_minutes": 0}),
    }
    Point = env["sports.access.point"]
    points = {
        code: Point.create(
            {"name": code, "code": code, "area_id": areas[area].id, "direction": direction}
        )
        for code, area, direction in POINTS
    }
    Type = env["sports.ticket.type"]
    types = {
        "single": Type.create(
            {
                "name": "Bench swim",
                "kind": "single",
                "venue_id": venue.id,
                "area_ids": [fields.Command.set(areas["pool"].ids)],
                "price": 30.0,
            }
        ),
        "day": Type.create(
            {
                "name": "Bench gym day",
                "kind": "day",
                "venue_id": venue.id,
                "area_ids": [fields.Command.set(areas["gym"].ids)],
                "price": 50.0,
            }
        ),
    }
    passes = sell(env, types["day"], day_passes)
    user, key = venue._arena_proxy_provision(key_name="bench")
    return venue, points, types, passes, user, key


def sell(env, ticket_type, quantity):
    """``quantity`` anonymous tickets of ``ticket_type`` sold now, as the desk does (without
    its limit of 100 a sale): ``[(entitlement, QR credential)]``."""
    now = fields.Datetime.now()
    vals = ticket_type._entitlement_vals(env["res.partner"], now)
    entitlements = env["sports.access.entitlement"]._issue([dict(vals) for _i in range(quantity)])
    return [(e, e.credential_ids.filtered(lambda c: c.kind == "qr")) for e in entitlements]


def forge(token_text):
    """The token with its validity extended by a year and the signature kept."""
    qrtoken = _qrtoken()
    raw = bytearray(qrtoken.unb64url(token_text))
    fields_ = list(qrtoken.PAYLOAD.unpack(bytes(raw[: qrtoken.PAYLOAD.size])))
    fields_[6] += 365 * 86400  # valid_to
    raw[: qrtoken.PAYLOAD.size] = qrtoken.PAYLOAD.pack(*fields_)
    return qrtoken.b64url(bytes(raw))


# ----------------------------------------------------------------------------------------
# The Odoo HTTP server and its JSON-2 API
# ----------------------------------------------------------------------------------------
class OdooServer:
    """``odoo-bin`` serving ``db`` on 127.0.0.1:``port`` (threaded, no cron), in the
    background; ``stop()`` ends it (and only it)."""

    def __init__(self, config, db, port, log_path):
        self.config, self.db, self.port, self.log_path = config, db, port, log_path
        self.process = None

    def start(self):
        with socket.socket() as probe:
            if probe.connect_ex((HOST, self.port)) == 0:
                raise BenchError(
                    f"port {self.port} is taken: set ARENA_BENCH_HTTP_PORT to a free one"
                )
        source = os.path.dirname(os.path.dirname(odoo.release.__file__))  # odoo is a namespace
        odoo_bin = os.path.join(source, "odoo-bin")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        with open(self.log_path, "w", encoding="utf-8") as log:
            # A session of its own: Ctrl-C reaches this script, which stops the server.
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    odoo_bin,
                    "-c",
                    self.config,
                    "-d",
                    self.db,
                    f"--db-filter=^{self.db}$",
                    f"--http-interface={HOST}",
                    f"--http-port={self.port}",
                    "--max-cron-threads=0",
                    "--log-level=warn",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        note(f"odoo-bin serving {self.db} on http://{HOST}:{self.port} (log: {self.log_path})")

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"odoo-bin exited with {self.process.returncode}: see {self.log_path}"
                )
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                try:
                    conn.request("GET", "/web/health")
                    if conn.getresponse().status == 200:
                        return
                finally:
                    conn.close()
            time.sleep(0.5)
        raise BenchError(f"odoo-bin did not answer on port {self.port}: see {self.log_path}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Json2:
    """JSON-2 calls with a bearer API key, one connection each (Odoo answers HTTP/1.0)."""

    def __init__(self, port, db, key):
        self.port = port
        self.headers = {
            "Content-Type": "application/json",
            "Authorization": f"bearer {key}",
            "X-Odoo-Database": db,
        }

    def call(self, model, method, params):
        """``(seconds, result)`` of one call; any answer but 200 is a BenchError."""
        body = json.dumps(params)
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request("POST", f"/json/2/{model}/{method}", body, self.headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - t0
        if resp.status != 200:
            raise BenchError(f"{model}/{method} answered {resp.status}: {data[:300]!r}")
        return seconds, json.loads(data)


# ----------------------------------------------------------------------------------------
# 1. verify over HTTP
# ----------------------------------------------------------------------------------------
def verify_plan(rng, calls):
    """The kinds of ``calls`` verify calls, drawn from VERIFY_MIX; the first call cannot
    be an exit or a reuse (no ticket has been used yet), so it is a fresh ticket."""
    kinds = [kind for kind, _share, _decision in VERIFY_MIX]
    weights = [share for _kind, share, _decision in VERIFY_MIX]
    plan = rng.choices(kinds, weights, k=calls)
    plan[0] = "ticket"
    return plan


class Presenter:
    """What a reader shows for each kind of call, and the state of the pool tickets."""

    def __init__(self, rng, tickets, passes, wrong):
        self.rng = rng
        self.fresh = list(tickets)  # [(entitlement, credential)] not used yet
        self.inside = []  # used, entered and not out yet
        self.used = []  # every used one
        self.passes = passes
        self.wrong = wrong

    def credential(self, kind):
        """``(credential, point code)`` for a call of ``kind``."""
        rng = self.rng
        if kind == "ticket":
            _entitlement, credential = self.fresh.pop()
            self.used.append(credential)
            self.inside.append(credential)
            return credential.token, rng.choice(("pool-in-1", "pool-in-2"))
        if kind == "day_pass":
            return rng.choice(self.passes)[1].token, "gym-in-1"
        if kind == "exit":
            # Someone inside leaves; with nobody inside, an earlier visitor passes the exit.
            if self.inside:
                credential = self.inside.pop(rng.randrange(len(self.inside)))
            else:
                credential = rng.choice(self.used)
            return credential.token, "pool-out-1"
        if kind == "reuse":
            return rng.choice(self.used).token, rng.choice(("pool-in-1", "pool-in-2"))
        if kind == "unknown_uid":
            return f"{rng.getrandbits(56):014X}", rng.choice(("pool-in-1", "gym-in-1"))
        if kind == "forged":
            return forge(self.wrong[1].token), "pool-in-1"
        if kind == "wrong_area":
            return self.wrong[1].token, "gym-in-1"
        raise ValueError(kind)


def bench_verify(env, setup, server, args):
    venue, _points, types, passes, _user, key = setup
    rng = random.Random(args.seed)
    plan = verify_plan(rng, args.calls)
    warmup = ["ticket", "day_pass", "exit", "unknown_uid"] * (WARMUP_CALLS // 4)
    tickets = sell(env, types["single"], plan.count("ticket") + warmup.count("ticket") + 1)
    wrong = tickets.pop()  # never used at the pool: shown at the gym and forged
    env.cr.commit()
    presenter = Presenter(rng, tickets, passes, wrong)
    client = Json2(args.http_port, args.db, key)

    def verify(kind):
        credential, point = presenter.credential(kind)
        event_uuid = str(uuid.uuid4())
        seconds, answer = client.call(
            "sports.access.api",
            "verify",
            {"credential": credential, "point": point, "uuid": event_uuid},
        )
        if answer.get("uuid") != event_uuid:
            raise BenchError(f"verify answered for uuid {answer.get('uuid')}, not {event_uuid}")
        return seconds, answer

    note(f"verify: {WARMUP_CALLS} warm-ups, then {args.calls} verify and context_get in turn")
    for kind in warmup:
        client.call("res.users", "context_get", {})
        verify(kind)
    base_s, verify_s = [], []
    decisions, reasons, wrong_answers = Counter(), Counter(), []
    for index, kind in enumerate(plan):
        # Alternate which call goes first, so neither always follows the other.
        if index % 2:
            seconds, answer = verify(kind)
            base_s.append(client.call("res.users", "context_get", {})[0])
        else:
            base_s.append(client.call("res.users", "context_get", {})[0])
            seconds, answer = verify(kind)
        verify_s.append(seconds)
        decisions[answer["decision"]] += 1
        if answer["decision"] == "denied":
            reasons[answer["reason"]] += 1
        if answer["decision"] != EXPECTED[kind] and len(wrong_answers) < 5:
            wrong_answers.append(f"{kind}: {answer}")

    env.cr.rollback()  # a new snapshot, which sees what the server committed
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_access_event WHERE venue_id = %s AND source = 'online'",
            venue.id,
        )
    )
    events = env.cr.fetchone()[0]
    v50, v99 = percentile(verify_s, 50) * 1000, percentile(verify_s, 99) * 1000
    b50, b99 = percentile(base_s, 50) * 1000, percentile(base_s, 99) * 1000
    denied = ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    out(
        f"access.verify      {args.calls} verify over HTTP JSON-2, each a new uuid: "
        f"{decisions['granted']} granted, {decisions['denied']} denied ({denied}); "
        f"p50 {v50:.1f} ms, p99 {v99:.1f} ms, mean {statistics.mean(verify_s) * 1000:.1f} ms"
    )
    out(
        f"access.verify_base {len(base_s)} res.users/context_get, same key, interleaved: "
        f"p50 {b50:.1f} ms, p99 {b99:.1f} ms | ratio verify/context_get "
        f"p50 {v50 / b50:.1f}x, p99 {v99 / b99:.1f}x"
    )
    problems = []
    if wrong_answers:
        problems.append(f"verify decided otherwise than expected, e.g. {wrong_answers}")
    if events != len(warmup) + args.calls:
        problems.append(f"{len(warmup) + args.calls} verify calls but {events} online events")
    return problems


# ----------------------------------------------------------------------------------------
# 2. ingest through upload_events
# ----------------------------------------------------------------------------------------
def offline_events(rng, count, passes, start, end):
    """``count`` events as a proxy uploads them after working offline, between ``start``
    and ``end`` (naive UTC): day-pass holders going in and out of the gym (their QR code
    id, which the proxy knows from sync), some refused again (passback), and cards nobody
    issued refused at the pool."""
    events = []
    span = (end - start).total_seconds()
    while len(events) < count:
        at = start + timedelta(seconds=int(rng.random() * span))
        roll = rng.random()
        if roll < 0.85:
            code = {"kind": "qr", "code": rng.choice(passes)[1].code}
            stay = timedelta(minutes=rng.randint(20, 120))
            events.append(offline_event("gym-in-1", code, "in", "granted", None, at))
            events.append(
                offline_event("gym-out-1", code, "out", "granted", None, min(at + stay, end))
            )
        elif roll < 0.90:
            code = {"kind": "qr", "code": rng.choice(passes)[1].code}
            events.append(offline_event("gym-in-1", code, "in", "denied", "passback", at))
        else:
            uid = f"{rng.getrandbits(56):014X}"
            events.append(offline_event("pool-in-1", uid, "in", "denied", "unknown_credential", at))
    return events[:count]


def offline_event(point, credential, direction, decision, reason, at):
    return {
        "uuid": str(uuid.uuid4()),
        "point": point,
        "credential": credential,
        "direction": direction,
        "decision": decision,
        "reason": reason,
        "device_time": at.isoformat() + "Z",
    }


def event_vals(event, points, credentials):
    """The values ``_upload`` writes for an uploaded event (prepared before timing)."""
    point = points[event["point"]]
    credential = event["credential"]
    found = None
    if isinstance(credential, dict):
        found = credentials[credential["code"]]
        ref = f"qr:{credential['code']}"
    else:
        ref = f"uid:{credential}"
    return {
        "uuid": event["uuid"],
        "point_id": point.id,
        "area_id": point.area_id.id,
        "venue_id": point.venue_id.id,
        "company_id": point.company_id.id,
        "credential_id": found.id if found else False,
        "credential_kind": found.kind if found else False,
        "credential_ref": ref,
        "entitlement_id": found.entitlement_id.id if found else False,
        "person_key": f"c{found.id}" if found else f"r{ref}",
        "direction": event["direction"],
        "decision": event["decision"],
        "reason": event["reason"] or False,
        "device_time": datetime.fromisoformat(event["device_time"].rstrip("Z")),
        "source": "offline",
    }


def count_events(env, venue):
    env.cr.execute(SQL("SELECT count(*) FROM sports_access_event WHERE venue_id = %s", venue.id))
    return env.cr.fetchone()[0]


def upload_batches(env, api_model, batches):
    """Upload ``batches`` one by one, committing after each as a request would; returns
    (seconds, accepted, duplicates, rejected)."""
    accepted = duplicates = rejected = 0
    t0 = time.perf_counter()
    for batch in batches:
        result = api_model.upload_events(batch)
        env.cr.commit()
        accepted += len(result["accepted"])
        duplicates += len(result["duplicates"])
        rejected += len(result["rejected"])
    return time.perf_counter() - t0, accepted, duplicates, rejected


def bench_ingest(env, setup, server, args):
    venue, points, _types, passes, user, key = setup
    rng = random.Random(args.seed + 1)
    now = fields.Datetime.now()
    start = now - timedelta(hours=12)
    size = args.batch

    def batches_of(events):
        return [events[i : i + size] for i in range(0, len(events), size)]

    ours_events = offline_events(rng, args.events, passes, start, now)
    base_events = offline_events(rng, args.events + 1, passes, start, now)
    bulk_events = offline_events(rng, args.events, passes, start, now)
    credentials = {credential.code: credential for _e, credential in passes}
    base_vals = [event_vals(event, points, credentials) for event in base_events]
    bulk_vals = [event_vals(event, points, credentials) for event in bulk_events]
    Api = env["sports.access.api"].with_user(user)
    # The superuser stands in for a naive endpoint's one create() per event: nobody else
    # has the right to create access events.
    Event = env["sports.access.event"].sudo()

    # Warm the caches (access rights, fields, both paths) outside the timing.
    warm = offline_events(rng, 50, passes, start, now)
    Api.upload_events(warm)
    Event.create(base_vals.pop())
    env.cr.commit()
    before = count_events(env, venue)

    note(f"ingest: {args.events} events through upload_events in batches of {size}")
    ours_s, accepted, duplicates, rejected = upload_batches(env, Api, batches_of(ours_events))
    after_ours = count_events(env, venue)

    note(f"ingest: the same {args.events} batches again (idempotency)")
    again_s, again_accepted, again_duplicates, again_rejected = upload_batches(
        env, Api, batches_of(ours_events)
    )
    after_again = count_events(env, venue)

    # The baseline is what an upload without batches does: for each event as it comes,
    # the same checks with a lookup of its point and credential, one ORM create, one
    # transaction.
    naive_events = offline_events(rng, args.events, passes, start, now)
    Point = env["sports.access.point"]
    UploadSudo = env["sports.access.upload"].sudo()
    note(f"ingest: {args.events} events checked and created one at a time, each committed")
    t0 = time.perf_counter()
    for item in naive_events:
        point = Point.search([("venue_id", "=", venue.id), ("code", "=", item["point"])])
        row = UploadSudo._check_event(item, {item["point"]: point})
        Event.create(
            dict(
                row,
                area_id=point.area_id.id,
                venue_id=venue.id,
                company_id=venue.company_id.id,
                person_key=f"p{row['partner_id']}"
                if row["partner_id"]
                else f"c{row['credential_id']}",
            )
        )
        env.cr.commit()
    naive_s = time.perf_counter() - t0
    after_naive = count_events(env, venue)

    note(f"ingest: {args.events} ORM create() of prepared values, one per transaction")
    t0 = time.perf_counter()
    for vals in base_vals:
        Event.create(vals)
        env.cr.commit()
    base_s = time.perf_counter() - t0
    after_base = count_events(env, venue)

    # For information: ORM creates one at a time, committed every batch.
    note(f"ingest: {args.events} ORM create() one at a time, committed every {size}")
    t0 = time.perf_counter()
    for index, vals in enumerate(bulk_vals, 1):
        Event.create(vals)
        if index % size == 0:
            env.cr.commit()
    env.cr.commit()
    bulk_s = time.perf_counter() - t0
    after_bulk = count_events(env, venue)

    http_line, http_rows = None, None
    if server is not None and args.http_ingest:
        http_events = offline_events(rng, args.events, passes, start, now)
        client = Json2(args.http_port, args.db, key)
        client.call("sports.access.api", "upload_events", {"batch": warm})  # warm-up
        note(f"ingest: {args.events} events through upload_events over HTTP JSON-2")
        http_s = sum(
            client.call("sports.access.api", "upload_events", {"batch": batch})[0]
            for batch in batches_of(http_events)
        )
        env.cr.rollback()  # a new snapshot, which sees what the server committed
        http_rows = count_events(env, venue) - after_bulk
        http_line = (
            f"access.ingest_http {args.events} events over HTTP JSON-2 upload_events "
            f"({len(http_events) // size} POST of {size}): {http_rows} rows, "
            f"{http_s:.2f} s, {args.events / http_s:.0f} events/s"
        )

    ours_rate, base_rate = args.events / ours_s, args.events / base_s
    naive_rate = args.events / naive_s
    ratio = ours_rate / naive_rate
    out(
        f"access.ingest      {args.events} events, upload_events in process as the proxy "
        f"user, {len(ours_events) // size} batches of {size}: {after_ours - before} rows "
        f"({accepted} accepted, {duplicates} duplicates, {rejected} rejected), "
        f"{ours_s:.2f} s, {ours_rate:.0f} events/s"
    )
    out(
        f"access.ingest_orm  {args.events} events checked, ORM create() and committed one at "
        f"a time: {after_naive - after_again} rows, {naive_s:.2f} s, {naive_rate:.0f} events/s"
        f" | ratio upload/ORM {ratio:.1f}x (target >= 10x: {'met' if ratio >= 10 else 'NOT met'})"
    )
    out(
        f"access.ingest_orm_prepared {args.events} ORM create() of values prepared outside the "
        f"timing, one per transaction: {after_base - after_naive} rows, {base_s:.2f} s, "
        f"{base_rate:.0f} events/s | ratio upload/prepared ORM {ours_rate / base_rate:.1f}x "
        "(for information)"
    )
    bulk_rate = args.events / bulk_s
    out(
        f"access.ingest_orm_batched {args.events} ORM create() one at a time, commit every "
        f"{size}: {after_bulk - after_base} rows, {bulk_s:.2f} s, {bulk_rate:.0f} events/s | "
        f"ratio upload/batched ORM {ours_rate / bulk_rate:.1f}x (for information)"
    )
    out(
        f"access.reupload    the same {args.events} events again: {after_again - after_ours} "
        f"new rows ({again_accepted} accepted, {again_duplicates} duplicates, "
        f"{again_rejected} rejected), {again_s:.2f} s, {args.events / again_s:.0f} events/s"
    )
    if http_line:
        out(http_line)

    problems = []
    if after_ours - before != args.events or accepted != args.events or rejected:
        problems.append(
            f"upload wrote {after_ours - before} rows of {args.events} ({accepted} accepted, "
            f"{rejected} rejected)"
        )
    if after_again != after_ours or again_accepted or again_duplicates != args.events:
        problems.append(
            f"the re-upload inserted {after_again - after_ours} rows ({again_accepted} "
            f"accepted, {again_duplicates} duplicates): not idempotent"
        )
    if after_naive - after_again != args.events:
        problems.append(f"the naive upload wrote {after_naive - after_again} rows")
    if after_base - after_naive != args.events:
        problems.append(f"ORM create wrote {after_base - after_naive} rows of {args.events}")
    if after_bulk - after_base != args.events:
        problems.append(f"batched ORM create wrote {after_bulk - after_base} rows")
    if http_rows not in (None, args.events):
        problems.append(f"the upload over HTTP wrote {http_rows} rows of {args.events}")
    return problems


# ----------------------------------------------------------------------------------------
# 3. daily statistics over a million events
# ----------------------------------------------------------------------------------------
def setup_stats_venue(env):
    """A second venue with two halls, each behind an entry and an exit."""
    venue = env["sports.venue"].create({"name": "Bench Flow", "code": STATS_VENUE_CODE, "tz": TZ})
    points = []
    for hall in ("A", "B"):
        area = env["sports.area"].create(
            {"name": f"Hall {hall}", "venue_id": venue.id, "access_sharing_minutes": 0}
        )
        for direction in ("in", "out"):
            points.append(
                env["sports.access.point"].create(
                    {
                        "name": f"Hall {hall} {direction}",
                        "code": f"hall-{hall.lower()}-{direction}",
                        "area_id": area.id,
                        "direction": direction,
                    }
                )
            )
    return venue, points


def seed_events(env, venue, points, events, persons, days, first_day):
    """``events`` passages in one ``INSERT ... SELECT generate_series``: visits of two rows,
    an entry then an exit 20 to 170 minutes later, at a random local time from 06:00 to
    20:00 of one of ``days`` days, by one of ``persons`` people, in one of the two halls;
    one visit in 40 is two refused entries (passback) instead."""
    day0 = env["sports.access.entitlement"]._day_bounds(TZ, first_day)[0]
    hall_a_in, hall_a_out, hall_b_in, hall_b_out = points
    # The rows reference existing records by construction: skip the six foreign key
    # triggers a row for this one statement (the role owns the database, see lib.sh).
    env.cr.execute(SQL("SET LOCAL session_replication_role = replica"))
    env.cr.execute(SQL("SET LOCAL work_mem = '256MB'"))  # the sort by time, in memory
    env.cr.execute(
        SQL(
            """
        WITH g AS (
            SELECT n, n / 2 AS visit, n %% 2 AS leg FROM generate_series(0, %(events)s - 1) n
        ), h AS (
            SELECT g.*,
                   (hashint8extended(visit, 1) & 2147483647) %% %(persons)s AS person,
                   (hashint8extended(visit, 2) & 2147483647) %% 2 AS hall,
                   (hashint8extended(visit, 3) & 2147483647) %% (14 * 3600) AS second,
                   20 + (hashint8extended(visit, 4) & 2147483647) %% 150 AS stay,
                   (hashint8extended(visit, 5) & 2147483647) %% 40 = 0 AS refused
              FROM g
        ), e AS (
            SELECT h.*,
                   %(day0)s::timestamp + make_interval(days => (visit %% %(days)s)::int)
                       + make_interval(secs => 6 * 3600 + second)
                       + CASE WHEN leg = 1 AND refused THEN interval '1 minute'
                              WHEN leg = 1 THEN make_interval(mins => stay::int)
                              ELSE interval '0' END AS at,
                   CASE WHEN leg = 1 AND NOT refused THEN 'out' ELSE 'in' END AS direction
              FROM h
        )
        INSERT INTO sports_access_event (
            uuid, point_id, area_id, venue_id, company_id, credential_kind, credential_ref,
            person_key, direction, decision, reason, device_time, server_time, source,
            create_uid, write_uid, create_date, write_date)
        SELECT %(prefix)s || lpad(to_hex(n), 12, '0'),
               CASE WHEN hall = 0 AND direction = 'in' THEN %(a_in)s
                    WHEN hall = 0 THEN %(a_out)s
                    WHEN direction = 'in' THEN %(b_in)s ELSE %(b_out)s END,
               CASE WHEN hall = 0 THEN %(a_area)s ELSE %(b_area)s END,
               %(venue)s, %(company)s, 'uid', 'uid:' || person, 'ruid:' || person,
               direction,
               CASE WHEN refused THEN 'denied' ELSE 'granted' END,
               CASE WHEN refused THEN 'passback' END,
               at, at, 'offline', %(uid)s, %(uid)s, at, at
          FROM e
         ORDER BY at
        """,
            events=events,
            prefix=str(uuid.uuid4())[:24],
            persons=persons,
            days=days,
            day0=day0,
            venue=venue.id,
            company=venue.company_id.id,
            a_in=hall_a_in.id,
            a_out=hall_a_out.id,
            b_in=hall_b_in.id,
            b_out=hall_b_out.id,
            a_area=hall_a_in.area_id.id,
            b_area=hall_b_in.area_id.id,
            uid=env.uid,
        )
    )
    seeded = env.cr.rowcount
    env.cr.execute(SQL("SET LOCAL session_replication_role = origin"))
    env.cr.commit()
    env.cr.execute(SQL("ANALYZE sports_access_event"))
    return seeded


STAT_FIELDS = ("unique_visitors", "entries", "exits", "denied", "peak_occupancy", "hourly_entries")


def daily_by_model(Daily, venue, date_from, date_to):
    rows = Daily._compute_days(date_from, date_to, venue)
    return {row.date: {name: row[name] for name in STAT_FIELDS} for row in rows}


def daily_by_orm(env, venue, date_from, date_to):
    """The naive answer: per local day, fetch the day's events through the ORM and count
    in Python."""
    Event = env["sports.access.event"]
    Entitlement = env["sports.access.entitlement"]
    tz = pytz.timezone(venue.tz)
    result = {}
    day = date_from
    while day <= date_to:
        start, end = Entitlement._day_bounds(venue.tz, day)
        events = Event.search_fetch(
            [("venue_id", "=", venue.id), ("device_time", ">=", start), ("device_time", "<", end)],
            ["direction", "decision", "person_key", "device_time"],
            order="device_time, id",
        )
        visitors, hourly = set(), [0] * 24
        entries = exits = denied = inside = peak = 0
        minute = None
        for event in events:
            if event.decision == "denied":
                denied += 1
                continue
            # Peak occupancy is counted at the end of each minute, as Arena defines it.
            this_minute = event.device_time.replace(second=0, microsecond=0)
            if this_minute != minute:
                peak = max(peak, inside)
                minute = this_minute
            if event.direction == "in":
                entries += 1
                visitors.add(event.person_key)
                hourly[pytz.utc.localize(event.device_time).astimezone(tz).hour] += 1
                inside += 1
            else:
                exits += 1
                inside -= 1
        peak = max(peak, inside)
        result[day] = {
            "unique_visitors": len(visitors),
            "entries": entries,
            "exits": exits,
            "denied": denied,
            "peak_occupancy": peak,
            "hourly_entries": hourly,
        }
        env.invalidate_all()  # a day's records at a time, as a report job would
        day += timedelta(days=1)
    return result


def daily_by_read_group(env, venue, date_from, date_to):
    """Unique visitors and entries per day with the ORM's aggregate, one query a day."""
    Event = env["sports.access.event"]
    Entitlement = env["sports.access.entitlement"]
    result = {}
    day = date_from
    while day <= date_to:
        start, end = Entitlement._day_bounds(venue.tz, day)
        [(visitors, entries)] = Event._read_group(
            [
                ("venue_id", "=", venue.id),
                ("device_time", ">=", start),
                ("device_time", "<", end),
                ("decision", "=", "granted"),
                ("direction", "=", "in"),
            ],
            [],
            ["person_key:count_distinct", "__count"],
        )
        result[day] = {"unique_visitors": visitors, "entries": entries}
        day += timedelta(days=1)
    return result


def differences(ours, other, names):
    """``[(day, field, ours, other)]`` where the answers differ."""
    diff = []
    for day in sorted(set(ours) | set(other)):
        for name in names:
            mine = ours.get(day, {}).get(name)
            theirs = other.get(day, {}).get(name)
            if mine != theirs:
                diff.append((str(day), name, mine, theirs))
    return diff


def bench_daily(env, args):
    venue, points = setup_stats_venue(env)
    today = fields.Date.context_today(env["sports.access.daily"].with_context(tz=TZ))
    date_to = today - timedelta(days=1)
    date_from = date_to - timedelta(days=args.days - 1)
    note(f"daily: seeding {args.million} events of {args.persons} people over {args.days} days")
    t0 = time.perf_counter()
    seeded = seed_events(env, venue, points, args.million, args.persons, args.days, date_from)
    env.cr.execute(
        SQL(
            "SELECT count(DISTINCT person_key) FROM sports_access_event WHERE venue_id = %s",
            venue.id,
        )
    )
    people = env.cr.fetchone()[0]
    note(f"daily: seeded in {time.perf_counter() - t0:.1f} s")

    Daily = env["sports.access.daily"]
    note(f"daily: _compute_days over {args.days} days, a warm-up and {args.repeat} runs")
    daily_by_model(Daily, venue, date_from, date_to)  # warm-up
    env.cr.commit()
    runs = []
    for _i in range(args.repeat):
        runs.append(time_ms(daily_by_model, Daily, venue, date_from, date_to))
        env.cr.commit()
    ours_s = statistics.median(ms for ms, _result in runs) / 1000
    ours = runs[0][1]

    note("daily: the ORM baseline, one search_fetch a day and Python counting")
    env.invalidate_all()
    orm_ms, orm = time_ms(daily_by_orm, env, venue, date_from, date_to)
    rg_ms, read_group = time_ms(daily_by_read_group, env, venue, date_from, date_to)
    orm_s, rg_s = orm_ms / 1000, rg_ms / 1000

    key_diff = differences(ours, orm, ("unique_visitors", "entries"))
    rest_diff = differences(ours, orm, STAT_FIELDS[2:])
    rg_diff = differences(ours, read_group, ("unique_visitors", "entries"))
    visitors = sum(day["unique_visitors"] for day in ours.values())
    entries = sum(day["entries"] for day in ours.values())
    out(
        f"access.daily       {seeded} events of {people} people on {args.days} days "
        f"({entries} entries, {visitors} daily unique visitors): _compute_days "
        f"{ours_s:.2f} s (median of {args.repeat}) | ORM search_fetch a day + Python "
        f"{orm_s:.2f} s | ratio ORM/ours {orm_s / ours_s:.1f}x"
    )
    out(
        f"access.daily_check unique visitors and entries: "
        f"{'identical' if not key_diff else f'{len(key_diff)} DIFFERENCES'} on {len(ours)} "
        f"days; exits, denied, peak, hourly: "
        f"{'identical' if not rest_diff else f'{len(rest_diff)} DIFFERENCES'}"
    )
    out(
        f"access.daily_rg    ORM _read_group a day (unique visitors and entries only) "
        f"{rg_s:.2f} s, {'same' if not rg_diff else 'DIFFERENT'} counts | ratio "
        f"read_group/ours {rg_s / ours_s:.2f}x"
    )
    env.cr.rollback()
    problems = []
    for label, diff in (("ORM", key_diff + rest_diff), ("_read_group", rg_diff)):
        if diff:
            problems.append(f"_compute_days and the {label} baseline disagree, e.g. {diff[:3]}")
    return problems


# ----------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", required=True, help="benchmark database")
    parser.add_argument(
        "--http-port",
        type=int,
        default=int(os.environ.get("ARENA_BENCH_HTTP_PORT", "8399")),
        help="port of the odoo-bin server started here (ARENA_BENCH_HTTP_PORT, 8399)",
    )
    parser.add_argument("--calls", type=int, default=1000, help="verify calls")
    parser.add_argument("--day-passes", type=int, default=200, help="gym day passes sold")
    parser.add_argument("--events", type=int, default=10_000, help="events uploaded")
    parser.add_argument("--batch", type=int, default=1000, help="events per upload")
    parser.add_argument(
        "--http-ingest", action="store_true", help="also upload the events over HTTP"
    )
    parser.add_argument(
        "--million", type=int, default=1_000_000, help="events of the daily statistics"
    )
    parser.add_argument("--persons", type=int, default=300_000, help="people among them")
    parser.add_argument("--days", type=int, default=30, help="days they are spread over")
    parser.add_argument("--repeat", type=int, default=2, help="runs of _compute_days")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--only", choices=["verify", "ingest", "daily"], help="run one of the three"
    )
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"], setup_logging=True)
    registry = Registry(args.db)
    problems = []
    started = time.perf_counter()
    server = None
    if args.only in (None, "verify") or (args.only == "ingest" and args.http_ingest):
        log_dir = os.path.join(os.path.dirname(os.path.abspath(args.config)), "bench")
        server = OdooServer(
            args.config, args.db, args.http_port, os.path.join(log_dir, "access-odoo.log")
        )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": TZ, "lang": "en_US"})
        try:
            check_fresh(env)
            if server is not None:
                server.start()  # it loads the registry while the data is set up
            if args.only in (None, "verify", "ingest"):
                setup = setup_access_venue(env, args.day_passes)
                cr.commit()
            if server is not None:
                server.wait_ready()  # nothing is timed while it loads
            if args.only in (None, "verify"):
                problems += bench_verify(env, setup, server, args)
            if args.only in (None, "ingest"):
                problems += bench_ingest(env, setup, server, args)
            if server is not None:
                server.stop()
            if args.only in (None, "daily"):
                problems += bench_daily(env, args)
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                cr.rollback()
            note("interrupted: open transactions rolled back; the next run starts afresh")
            return 130
        except (BenchError, UserError, ValidationError) as exc:
            cr.rollback()
            problems.append(str(exc))
        finally:
            if server is not None:
                server.stop()
    note(f"total {time.perf_counter() - started:.0f} s")
    for problem in problems:
        out(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
