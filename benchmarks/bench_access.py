"""Access control benchmarks, each figure against a baseline measured in the same run.

1. verify (``access_verify.py``): 1,000 ``POST /json/2/sports.access.api/verify`` calls to
   an ``odoo-bin`` HTTP server started here, each with a fresh uuid (a real decision that
   writes an access event): fresh tickets, day passes, exits, reused and forged QR codes,
   unknown card UIDs, tickets at the wrong area. In turn with the proxy's API key (ours:
   hashed once per worker, caches warm) and with a new key of the same proxy each call
   (today's key check); p50/p95 and queries per verify, next to a bare authenticated
   ``res.users/context_get``. Target: p50 under 10 ms.
2. ingest: 10,000 offline events through ``upload_events`` in batches of 1,000, in this
   process as the proxy user (and, for information, over HTTP), against one ORM ``create``
   per event; then the same batches again, which must insert nothing.
3. daily: ``sports.access.daily._compute_days`` over 1,000,000 events of one venue on 30
   days (seeded in SQL) against an ORM fetch per day summed in Python; both must agree.
4. profile (``access_profile.py``): ``--calls`` verify served by Odoo's WSGI application in
   this process, timed next to a bare ``context_get``, then under cProfile: the split
   between Odoo's per-request steps and our verify, and the queries of one verify.

Run it with ``scripts/bench access`` (see benchmarks/README.md). It needs a database of its
own, ``arena_bench_access``, which scripts/bench creates afresh on every run.
"""

import random
import sys
import time
import uuid
from datetime import datetime, timedelta

import harness
from access_daily import STATS_VENUE_CODE, daily
from access_data import VENUE_CODE, check_fresh, setup_access_venue
from access_profile import profile
from access_verify import verify
from addon_api import access_log_writer, check_uploaded_event
from harness import (
    Bench,
    Case,
    Checks,
    figure,
    http_port_option,
    note,
    option,
    ratio,
    timed,
)

from odoo import fields
from odoo.tools import SQL


def prepare(bench):
    check_fresh(bench.env, (VENUE_CODE, STATS_VENUE_CODE))
    if bench.args.only in (None, "verify", "ingest", "profile"):
        bench.data["venue"] = setup_access_venue(bench.env, bench.args.day_passes)


def count_events(env, venue, source=None):
    where = SQL("venue_id = %s", venue.id)
    if source:
        where = SQL("%s AND source = %s", where, source)
    env.cr.execute(SQL("SELECT count(*) FROM sports_access_event WHERE %s", where))
    return env.cr.fetchone()[0]


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
            out_at = min(at + timedelta(minutes=rng.randint(20, 120)), end)
            events.append(offline_event("gym-in-1", code, "in", "granted", None, at))
            events.append(offline_event("gym-out-1", code, "out", "granted", None, out_at))
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


def naive_upload(env, venue, Event, events):
    """An upload without batches: per event a lookup of its point, the same checks, one ORM
    create and one commit. Returns seconds."""
    Point = env["sports.access.point"]
    t0 = time.perf_counter()
    for item in events:
        point = Point.search([("venue_id", "=", venue.id), ("code", "=", item["point"])])
        row = check_uploaded_event(env, item, {item["point"]: point})
        person = f"p{row['partner_id']}" if row["partner_id"] else f"c{row['credential_id']}"
        Event.create(
            dict(
                row,
                area_id=point.area_id.id,
                venue_id=venue.id,
                company_id=venue.company_id.id,
                person_key=person,
            )
        )
        env.cr.commit()
    return time.perf_counter() - t0


def orm_creates(env, Event, vals_list, commit_every):
    """ORM creates of prepared values, one at a time, committed every ``commit_every``."""
    t0 = time.perf_counter()
    for index, vals in enumerate(vals_list, 1):
        Event.create(vals)
        if index % commit_every == 0:
            env.cr.commit()
    env.cr.commit()
    return time.perf_counter() - t0


def ingest(bench):
    env, args, setup = bench.env, bench.args, bench.data["venue"]
    venue, passes, n, size = setup.venue, setup.passes, args.events, args.batch
    rng = random.Random(args.seed + 1)
    now = fields.Datetime.now()
    start = now - timedelta(hours=12)

    def batches_of(events):
        return [events[i : i + size] for i in range(0, len(events), size)]

    ours_events = offline_events(rng, n, passes, start, now)
    base_events = offline_events(rng, n + 1, passes, start, now)
    bulk_events = offline_events(rng, n, passes, start, now)
    credentials = {credential.code: credential for _e, credential in passes}
    base_vals = [event_vals(event, setup.points, credentials) for event in base_events]
    bulk_vals = [event_vals(event, setup.points, credentials) for event in bulk_events]
    Api = env["sports.access.api"].with_user(setup.user)
    Event = access_log_writer(env["sports.access.event"])
    # Warm the caches (access rights, fields, both paths) outside the timing.
    warm = offline_events(rng, 50, passes, start, now)
    Api.upload_events(warm)
    Event.create(base_vals.pop())
    env.cr.commit()
    rows = [count_events(env, venue)]  # the row count after each step

    note(f"ingest: {n} events through upload_events in batches of {size}")
    ours_s, accepted, duplicates, rejected = upload_batches(env, Api, batches_of(ours_events))
    rows.append(count_events(env, venue))
    note(f"ingest: the same {n} batches again (idempotency)")
    again_s, again_accepted, again_duplicates, again_rejected = upload_batches(
        env, Api, batches_of(ours_events)
    )
    rows.append(count_events(env, venue))
    note(f"ingest: {n} events checked and created one at a time, each committed")
    naive_s = naive_upload(env, venue, Event, offline_events(rng, n, passes, start, now))
    rows.append(count_events(env, venue))
    note(f"ingest: {n} ORM create() of prepared values, one per transaction")
    base_s = orm_creates(env, Event, base_vals, 1)
    rows.append(count_events(env, venue))
    note(f"ingest: {n} ORM create() one at a time, committed every {size}")
    bulk_s = orm_creates(env, Event, bulk_vals, size)
    rows.append(count_events(env, venue))
    before, after_ours, after_again, after_naive, after_base, after_bulk = rows

    http_rows = None
    if args.http_ingest:
        http_events = offline_events(rng, n, passes, start, now)
        client = bench.server.client(setup.key)
        client.upload_events(warm)  # warm-up
        note(f"ingest: {n} events through upload_events over HTTP JSON-2")
        http_s = sum(timed(client.upload_events, batch)[0] for batch in batches_of(http_events))
        env.cr.rollback()  # a new snapshot, which sees what the server committed
        http_rows = count_events(env, venue) - after_bulk

    ours_rate, naive_rate = n / ours_s, n / naive_s
    base_rate, bulk_rate = n / base_s, n / bulk_s
    met = "met" if ours_rate / naive_rate >= 10 else "NOT met"
    figure(
        "access.ingest",
        f"{n} events, upload_events in process as the proxy user, {len(ours_events) // size} "
        f"batches of {size}: {after_ours - before} rows ({accepted} accepted, {duplicates} "
        f"duplicates, {rejected} rejected), {ours_s:.2f} s, {ours_rate:.0f} events/s",
    )
    figure(
        "access.ingest_orm",
        f"{n} events checked, ORM create() and committed one at a time: "
        f"{after_naive - after_again} rows, {naive_s:.2f} s, {naive_rate:.0f} events/s | "
        f"ratio upload/ORM {ratio(ours_rate, naive_rate)} (target >= 10x: {met})",
    )
    figure(
        "access.ingest_orm_prepared",
        f"{n} ORM create() of values prepared outside the timing, one per transaction: "
        f"{after_base - after_naive} rows, {base_s:.2f} s, {base_rate:.0f} events/s | ratio "
        f"upload/prepared ORM {ratio(ours_rate, base_rate)} (for information)",
    )
    figure(
        "access.ingest_orm_batched",
        f"{n} ORM create() one at a time, commit every {size}: {after_bulk - after_base} "
        f"rows, {bulk_s:.2f} s, {bulk_rate:.0f} events/s | ratio upload/batched ORM "
        f"{ratio(ours_rate, bulk_rate)} (for information)",
    )
    figure(
        "access.reupload",
        f"the same {n} events again: {after_again - after_ours} new rows ({again_accepted} "
        f"accepted, {again_duplicates} duplicates, {again_rejected} rejected), "
        f"{again_s:.2f} s, {n / again_s:.0f} events/s",
    )
    if http_rows is not None:
        figure(
            "access.ingest_http",
            f"{n} events over HTTP JSON-2 upload_events ({len(http_events) // size} POST of "
            f"{size}): {http_rows} rows, {http_s:.2f} s, {n / http_s:.0f} events/s",
        )

    checks = Checks()
    checks.expect(
        after_ours - before == n and accepted == n and not rejected,
        f"upload wrote {after_ours - before} rows of {n} ({accepted} accepted, "
        f"{rejected} rejected)",
    )
    checks.expect(
        after_again == after_ours and not again_accepted and again_duplicates == n,
        f"the re-upload inserted {after_again - after_ours} rows ({again_accepted} "
        f"accepted, {again_duplicates} duplicates): not idempotent",
    )
    checks.expect(
        after_naive - after_again == n, f"the naive upload wrote {after_naive - after_again} rows"
    )
    checks.expect(
        after_base - after_naive == n, f"ORM create wrote {after_base - after_naive} rows of {n}"
    )
    checks.expect(
        after_bulk - after_base == n, f"batched ORM create wrote {after_bulk - after_base} rows"
    )
    checks.expect(http_rows in (None, n), f"the upload over HTTP wrote {http_rows} rows of {n}")
    return checks


BENCH = Bench(
    __doc__,
    cases=[
        Case("verify", verify, server=True),
        Case("ingest", ingest, server=lambda args: args.http_ingest),
        Case("daily", daily),
        Case("profile", profile),
    ],
    options=[
        http_port_option(),
        option("--calls", 1000, "verify calls"),
        option("--day-passes", 200, "gym day passes sold"),
        option("--events", 10_000, "events uploaded"),
        option("--batch", 1000, "events per upload"),
        option("--http-ingest", False, "also upload the events over HTTP"),
        option("--million", 1_000_000, "events of the daily statistics"),
        option("--persons", 300_000, "people among them"),
        option("--days", 30, "days they are spread over"),
        option("--repeat", 2, "runs of _compute_days"),
    ],
    seed=6,
    prepare=prepare,
)

if __name__ == "__main__":
    # Each request's query count in the server's log (werkzeug's line with Odoo's perf info).
    harness.OdooServer.EXTRA_ARGS = ("--log-handler=werkzeug:INFO",)
    sys.exit(BENCH.main(sys.argv[1:]))
