"""Hardware proxy benchmarks, each figure against a baseline measured in the same run.

1. Gate decision, offline: the proxy's SQLite cache is filled by a real ``sync`` from an
   ``odoo-bin`` started here; then 10,000 reads go through ``AccessController.on_read``,
   timed from the read to the relay command (the decision, the passage and the outbox
   event committed on disk, then the ``open`` command). Against the online ``verify`` RPC
   of the same reads (a sample), in the same run. Target: p99 <= 5 ms offline.
2. Outbox: the events per second written by those decisions, and the upload of all of them
   to Odoo through ``upload_events`` (batches of 500) in events per second, against an
   upload one event per call.

Run it with ``scripts/bench proxy`` (see benchmarks/README.md). It needs a database of its
own, ``arena_bench_proxy``, which scripts/bench creates afresh on every run.
"""

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import time
import uuid

from bench_access import OdooServer, percentile, sell, setup_access_venue
from bench_booking import BenchError, note, out

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

TZ = "Asia/Shanghai"


def proxy_config(port, db, key):
    from hw_proxy.config import loads_config  # noqa: PLC0415

    return loads_config(
        f"""
[venue]
code = "BENCHA"
name = "bench"
[odoo]
url = "http://127.0.0.1:{port}"
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


def bench(env, setup, server, args):
    from hw_proxy.access.controller import AccessController  # noqa: PLC0415
    from hw_proxy.access.link import OdooLink  # noqa: PLC0415
    from hw_proxy.access.store import Store  # noqa: PLC0415
    from hw_proxy.odoo_client import OdooClient  # noqa: PLC0415

    _venue, _points, types, passes, _user, key = setup
    tickets = sell(env, types["single"], args.tickets)
    env.cr.commit()
    problems = []
    workdir = tempfile.mkdtemp(prefix="arena-bench-proxy-")
    store = Store(os.path.join(workdir, "proxy.sqlite3"))
    client = OdooClient(f"http://127.0.0.1:{args.http_port}", env.cr.dbname, key, timeout=60)
    link = OdooLink(store, client)
    t0 = time.perf_counter()
    link.sync_all()
    synced = store.db.execute("SELECT COUNT(*) FROM credentials").fetchone()[0]
    out(f"sync: {synced} credentials in {time.perf_counter() - t0:.2f} s")
    config = proxy_config(args.http_port, env.cr.dbname, key)
    opened = []
    stamps = {}

    def actuate(device_id, command):
        opened.append((time.perf_counter(), command["uuid"]))

    controller = AccessController(config, store, None, actuate)
    # The read mix: day passes (granted again and again at the gym), fresh pool tickets
    # (granted once), and unknown cards (denied).
    reads = []
    for n in range(args.reads):
        if n % 10 < 6:
            reads.append(("reader-1", passes[n % len(passes)][1].token))
        elif n % 10 < 9 and n // 10 < len(tickets):
            reads.append(("reader-2", tickets[n // 10][1].token))
        else:
            reads.append(("reader-1", f"04{n:012X}"))
    latencies = []
    granted = 0
    t_all = time.perf_counter()
    for reader, value in reads:
        start = time.perf_counter()
        before = len(opened)
        decision = controller.on_read(reader, value)
        end = opened[-1][0] if len(opened) > before else time.perf_counter()
        latencies.append((end - start) * 1000)
        granted += decision.granted
        stamps[decision.uuid] = start
    elapsed = time.perf_counter() - t_all
    depth = store.outbox_depth()
    if depth != args.reads:
        problems.append(f"outbox holds {depth} events for {args.reads} reads")
    # The same kind of reads, decided online by verify over HTTP.
    online = []
    for reader, value in reads[: args.online]:
        point = "gym-in-1" if reader == "reader-1" else "pool-in-1"
        start = time.perf_counter()
        client.verify(value, point, str(uuid.uuid4()))
        online.append((time.perf_counter() - start) * 1000)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    o50, o99 = percentile(online, 50), percentile(online, 99)
    out()
    out(f"gate decision, offline (read -> relay command), {args.reads} reads, {granted} granted")
    out(f"  p50 {p50:.3f} ms   p99 {p99:.3f} ms   (target p99 <= 5 ms)")
    out(f"online verify RPC, {args.online} calls of the same reads")
    out(f"  p50 {o50:.2f} ms   p99 {o99:.2f} ms")
    out(f"  offline is {o50 / p50:.0f}x faster at p50, {o99 / p99:.0f}x at p99")
    if p99 > 5:
        problems.append(f"offline p99 {p99:.2f} ms is above 5 ms")
    out()
    out(
        f"outbox: {args.reads} events written in {elapsed:.2f} s = {args.reads / elapsed:,.0f} events/s"
    )
    t0 = time.perf_counter()
    stored = link.upload_all()
    batch_seconds = time.perf_counter() - t0
    if stored != args.reads or store.outbox_depth():
        problems.append(f"upload stored {stored} of {args.reads}, {store.outbox_depth()} left")
    # Baseline: one event per call, for a sample of new events.
    for reader, value in reads[: args.single]:
        controller.on_read(reader, f"X{value[:20]}")
    single = store.outbox_batch(args.single)
    t0 = time.perf_counter()
    for event in single:
        result = client.upload_events([event])
        store.outbox_done(result["accepted"] + result["duplicates"])
    single_seconds = time.perf_counter() - t0
    batch_rate = args.reads / batch_seconds
    single_rate = len(single) / single_seconds
    out(
        f"upload to Odoo, batches of 500: {args.reads} events in {batch_seconds:.2f} s = {batch_rate:,.0f} events/s"
    )
    out(
        f"upload one event per call:      {len(single)} events in {single_seconds:.2f} s = {single_rate:,.0f} events/s"
    )
    out(f"  batching is {batch_rate / single_rate:.0f}x faster")
    env.cr.commit()  # a new snapshot, to see what the server stored
    count = env["sports.access.event"].search_count([("source", "=", "offline")])
    if count != args.reads + len(single):
        problems.append(f"Odoo holds {count} offline events, expected {args.reads + len(single)}")
    store.close()
    return problems


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", required=True, help="benchmark database")
    parser.add_argument(
        "--http-port",
        type=int,
        default=int(os.environ.get("ARENA_BENCH_HTTP_PORT", "8399")),
    )
    parser.add_argument("--reads", type=int, default=10_000, help="offline reads")
    parser.add_argument("--online", type=int, default=500, help="online verify calls")
    parser.add_argument("--single", type=int, default=300, help="events uploaded one by one")
    parser.add_argument("--tickets", type=int, default=300, help="pool tickets sold")
    parser.add_argument("--day-passes", type=int, default=200, help="gym day passes sold")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"], setup_logging=True)
    logging.getLogger("hw_proxy").setLevel(logging.WARNING)
    registry = Registry(args.db)
    log_dir = os.path.join(os.path.dirname(os.path.abspath(args.config)), "bench")
    server = OdooServer(
        args.config, args.db, args.http_port, os.path.join(log_dir, "proxy-odoo.log")
    )
    problems = []
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": TZ, "lang": "en_US"})
        try:
            server.start()
            setup = setup_access_venue(env, args.day_passes)
            cr.commit()
            server.wait_ready()
            problems += bench(env, setup, server, args)
        except BenchError as exc:
            problems.append(str(exc))
        finally:
            with contextlib.suppress(Exception):
                server.stop()
    note(f"total {time.perf_counter() - started:.0f} s")
    for problem in problems:
        out(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
