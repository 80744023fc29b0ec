"""Hardware proxy benchmarks, each figure against a baseline measured in the same run.

1. decision: the proxy's SQLite cache is filled by a real ``sync`` from an ``odoo-bin``
   started here; then 10,000 reads go through ``AccessController.on_read``, timed from the
   read to the relay command (the decision, the passage and the outbox event committed on
   disk, then the ``open`` command). Against the online ``verify`` RPC of the same reads (a
   sample), in the same run. Target: p99 <= 5 ms offline.
2. upload: the events per second written to the outbox by those decisions, and the upload
   of all of them to Odoo through ``upload_events`` (batches of 500) in events per second,
   against an upload one event per call. Odoo must then hold every event exactly once.

Run it with ``scripts/bench proxy`` (see benchmarks/README.md). It needs a database of its
own, ``arena_bench_proxy``, which scripts/bench creates afresh on every run.
"""

import logging
import os
import sys
import tempfile
import time
import uuid

from access_data import VENUE_CODE, check_fresh, sell, setup_access_venue
from harness import Bench, Case, Checks, figure, http_port_option, option, percentile, ratio

from hw_proxy.access.controller import AccessController
from hw_proxy.access.link import OdooLink
from hw_proxy.access.store import Store
from hw_proxy.config import loads_config


def proxy_config(url, db, key):
    """A proxy with a gate opened by two readers, at the gym and at the pool."""
    return loads_config(
        f"""
[venue]
code = "{VENUE_CODE}"
name = "bench"
[odoo]
url = "{url}"
db = "{db}"
api_key = "{key}"
timeout_seconds = 60
[[devices]]
id = "gate-1"
kind = "gate"
[[devices]]
id = "reader-1"
kind = "reader"
point = "gym-in-1"
opens = "gate-1"
[[devices]]
id = "reader-2"
kind = "reader"
point = "pool-in-1"
opens = "gate-1"
"""
    )


def prepare(bench):
    """The access venue, pool tickets, and a new proxy synced from Odoo over HTTP."""
    env, args = bench.env, bench.args
    check_fresh(env, (VENUE_CODE,))
    setup = setup_access_venue(env, args.day_passes)
    tickets = sell(env, setup.types["single"], args.tickets)
    env.cr.commit()
    bench.server.wait_ready()
    client = bench.server.client(setup.key)
    store = Store(os.path.join(tempfile.mkdtemp(prefix="arena-bench-proxy-"), "proxy.sqlite3"))
    link = OdooLink(store, client)
    t0 = time.perf_counter()
    link.sync_all()
    synced = store.db.execute("SELECT COUNT(*) FROM credentials").fetchone()[0]
    figure("proxy.sync", f"{synced} credentials in {time.perf_counter() - t0:.2f} s")
    opened = []

    def actuate(_device_id, command):
        opened.append((time.perf_counter(), command["uuid"]))

    config = proxy_config(client.base, client.db, setup.key)
    controller = AccessController(config, store, None, actuate)
    bench.data.update(client=client, store=store, link=link, controller=controller, opened=opened)
    bench.data["reads"] = read_mix(args.reads, setup.passes, tickets)


def read_mix(count, passes, tickets):
    """[(reader, value)]: day passes (granted again and again at the gym), fresh pool
    tickets (granted once), and unknown cards (denied)."""
    reads = []
    for n in range(count):
        if n % 10 < 6:
            reads.append(("reader-1", passes[n % len(passes)][1].token))
        elif n % 10 < 9 and n // 10 < len(tickets):
            reads.append(("reader-2", tickets[n // 10][1].token))
        else:
            reads.append(("reader-1", f"04{n:012X}"))
    return reads


def offline_reads(data):
    """Every read through the controller: (latencies in ms, granted, seconds)."""
    controller, opened = data["controller"], data["opened"]
    latencies, granted = [], 0
    t_all = time.perf_counter()
    for reader, value in data["reads"]:
        start = time.perf_counter()
        before = len(opened)
        decision = controller.on_read(reader, value)
        end = opened[-1][0] if len(opened) > before else time.perf_counter()
        latencies.append((end - start) * 1000)
        granted += decision.granted
    return latencies, granted, time.perf_counter() - t_all


def decision(bench):
    args, data = bench.args, bench.data
    latencies, granted, elapsed = offline_reads(data)
    data["outbox_seconds"] = elapsed
    depth = data["store"].outbox_depth()
    # The baseline: the same kind of reads, decided online by verify over HTTP.
    online = []
    for reader, value in data["reads"][: args.online]:
        point = "gym-in-1" if reader == "reader-1" else "pool-in-1"
        start = time.perf_counter()
        data["client"].verify(value, point, str(uuid.uuid4()))
        online.append((time.perf_counter() - start) * 1000)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    o50, o99 = percentile(online, 50), percentile(online, 99)
    figure(
        "proxy.decision",
        f"offline (read -> relay command), {args.reads} reads, {granted} granted: "
        f"p50 {p50:.3f} ms, p99 {p99:.3f} ms (target p99 <= 5 ms)",
    )
    figure(
        "proxy.decision_online",
        f"verify RPC over HTTP, {args.online} calls of the same reads: p50 {o50:.2f} ms, "
        f"p99 {o99:.2f} ms | offline is {ratio(o50, p50, 0)} faster at p50, "
        f"{ratio(o99, p99, 0)} at p99",
    )
    checks = Checks()
    checks.expect(depth == args.reads, f"outbox holds {depth} events for {args.reads} reads")
    checks.expect(p99 <= 5, f"offline p99 {p99:.2f} ms is above 5 ms")
    return checks


def upload(bench):
    args, data = bench.args, bench.data
    store, client, controller = data["store"], data["client"], data["controller"]
    if "outbox_seconds" not in data:  # --only upload: the outbox is filled untimed
        data["outbox_seconds"] = offline_reads(data)[2]
    elapsed = data["outbox_seconds"]
    figure(
        "proxy.outbox",
        f"{args.reads} events written in {elapsed:.2f} s, {args.reads / elapsed:,.0f} events/s",
    )
    t0 = time.perf_counter()
    stored = data["link"].upload_all()
    batch_seconds = time.perf_counter() - t0
    left = store.outbox_depth()
    # The baseline: one event per call, for a sample of new events.
    for reader, value in data["reads"][: args.single]:
        controller.on_read(reader, f"X{value[:20]}")
    single = store.outbox_batch(args.single)
    t0 = time.perf_counter()
    for event in single:
        result = client.upload_events([event])
        store.outbox_done(result["accepted"] + result["duplicates"])
    single_seconds = time.perf_counter() - t0
    batch_rate = args.reads / batch_seconds
    single_rate = len(single) / single_seconds
    figure(
        "proxy.upload",
        f"to Odoo in batches of 500: {args.reads} events in {batch_seconds:.2f} s, "
        f"{batch_rate:,.0f} events/s",
    )
    figure(
        "proxy.upload_single",
        f"one event per call: {len(single)} events in {single_seconds:.2f} s, "
        f"{single_rate:,.0f} events/s | batching is {ratio(batch_rate, single_rate, 0)} faster",
    )
    bench.env.cr.commit()  # a new snapshot, to see what the server stored
    count = bench.env["sports.access.event"].search_count([("source", "=", "offline")])
    store.close()
    checks = Checks()
    checks.expect(
        stored == args.reads and not left,
        f"upload stored {stored} of {args.reads}, {left} left",
    )
    expected = args.reads + len(single)
    checks.expect(count == expected, f"Odoo holds {count} offline events, expected {expected}")
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("decision", decision, server=True), Case("upload", upload, server=True)],
    options=[
        http_port_option(),
        option("--reads", 10_000, "offline reads"),
        option("--online", 500, "online verify calls"),
        option("--single", 300, "events uploaded one by one"),
        option("--tickets", 300, "pool tickets sold"),
        option("--day-passes", 200, "gym day passes sold"),
    ],
    prepare=prepare,
    log_levels={"hw_proxy": logging.WARNING},
)

if __name__ == "__main__":
    sys.exit(BENCH.main(sys.argv[1:]))
