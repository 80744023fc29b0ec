"""Voucher claim rush (issue 18), each figure against a baseline measured in the same run.

rush: 2,000 verified portal members (created once, reused by later runs), each logged in
with a session of its own (made before the timer), claim a batch of 500 vouchers at once
over real HTTP against a multi-worker ``odoo-bin`` (``--workers``). Reported: over-issue
(issued - 500, must be 0), claims per second, and the p99 response time of the losers
(their "sold out" answer from the Claim button's JSON route). Baseline: the same members
against a second batch of 500 through a naive check-then-insert claim (``/sports_voucher/bench/naive_claim``, switched on by the
system parameter ``sports_voucher.bench_naive`` of the benchmark database only), which
over-issues.

The campaign's throttle is off per IP (every member comes from 127.0.0.1 here) and on per
account. Run it with ``scripts/bench vouchers`` (see benchmarks/README.md). Each run makes
a new campaign in the company "Arena Bench Vouchers" and closes the previous ones.
"""

import hashlib
import hmac
import logging
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import harness
import requests
from harness import HOST, Bench, Case, Checks, figure, http_port_option, note, option, percentile

import odoo
from odoo import fields
from odoo.service import security
from odoo.tools import SQL

COMPANY = "Arena Bench Vouchers"
LOGIN = "bench_voucher_%05d"
QUANTITY = 500


def prepare(bench):
    env, args = bench.env, bench.args
    bureau = env["res.company"].search([("name", "=", COMPANY)], limit=1)
    if not bureau:
        cny = env.ref("base.CNY")
        cny.active = True
        bureau = env["res.company"].create(
            {"name": COMPANY, "arena_role": "city", "currency_id": cny.id}
        )
    Campaign = env["sports.voucher.campaign"]
    Campaign.search([("company_id", "=", bureau.id), ("state", "=", "running")]).write(
        {"state": "closed"}
    )
    today = fields.Date.today()
    campaign = Campaign.create(
        {
            "name": f"Rush {uuid.uuid4().hex[:6]}",
            "company_id": bureau.id,
            "state": "running",
            # A day either side: the bureau's local date may differ from UTC's.
            "date_start": today - timedelta(days=1),
            "date_end": today + timedelta(days=1),
            "budget": 2 * QUANTITY * 10,
            "limit_claims_week": 3,
            "limit_held": 3,
            "throttle_ip": 0,
            "throttle_device": 0,
            "throttle_account": 10,
            "denomination_ids": [(0, 0, {"face_value": 10, "threshold": 50})],
        }
    )
    released = fields.Datetime.now()
    ours, naive = env["sports.voucher.batch"].create(
        [
            {
                "campaign_id": campaign.id,
                "denomination_id": campaign.denomination_ids.id,
                "release_at": released - timedelta(seconds=i),
                "quantity": QUANTITY,
            }
            for i in range(2)
        ]
    )
    users = members(env, args.members)
    env["ir.config_parameter"].set_param("sports_voucher.bench_naive", "1")
    bench.data.update(
        ours=ours.id, naive=naive.id, sessions=sessions(env, users), campaign=campaign.id
    )


def members(env, count):
    """``count`` verified portal users: those of earlier runs, and the missing ones created
    in batches (no password: they never log in with one, the benchmark makes sessions)."""
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    logins = [LOGIN % i for i in range(count)]
    existing = Users.search([("login", "in", logins)])
    missing = sorted(set(logins) - set(existing.mapped("login")))
    portal = env.ref("base.group_portal")
    started = time.perf_counter()
    for start in range(0, len(missing), 200):
        chunk = missing[start : start + 200]
        existing |= Users.create(
            [{"name": login, "login": login, "group_ids": [(6, 0, portal.ids)]} for login in chunk]
        )
        env.cr.commit()
        note(f"created {start + len(chunk)} of {len(missing)} members")
    if missing:
        note(f"members created in {time.perf_counter() - started:.0f} s")
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET sports_real_name = name, "
            "sports_verified_phone = '+86139' || lpad(id::text, 8, '0'), "
            "sports_phone_verified_at = now() at time zone 'UTC' "
            "WHERE id = ANY(%s) AND sports_verified_phone IS NULL",
            existing.partner_id.ids,
        )
    )
    env.invalidate_all()
    return existing.sorted("id")[:count]


def sessions(env, users):
    """A logged-in session per user, stored where the server reads sessions, with its
    CSRF token (computed the way Odoo does, so nothing is requested before the timer)."""
    store = odoo.http.root.session_store
    secret = env["ir.config_parameter"].get_param("database.secret").encode("ascii")
    max_ts = int(time.time() + 3600)
    result = []
    for user in users:
        session = store.new()
        session.update(odoo.http.get_default_session(), db=env.cr.dbname, _trace_disable=True)
        session.uid = user.id
        session.login = user.login
        session.session_token = security.compute_session_token(session, env)
        session.context = {"lang": "en_US", "tz": harness.TZ}
        store.save(session)
        message = f"{session.sid[: odoo.http.STORED_SESSION_BYTES]}{max_ts}".encode()
        token = f"{hmac.new(secret, message, hashlib.sha1).hexdigest()}o{max_ts}"
        result.append((session.sid, token))
    return result


def rush(bench, url_of, outcome_of, json_rpc=False):
    """Every member posts once to ``url_of`` through ``bench.args.clients`` connections at
    a time; ``[(outcome, seconds)]`` and the wall time."""
    base = f"http://{HOST}:{bench.args.http_port}"
    local = threading.local()
    gate = threading.Barrier(bench.args.clients)

    def claim(item):
        sid, token = item
        if not hasattr(local, "http"):
            local.http = requests.Session()
            gate.wait(timeout=120)
        local.http.cookies.clear()  # each request is its member's alone
        t0 = time.perf_counter()
        try:
            if json_rpc:  # the Claim button's call (a JSON-RPC route needs no CSRF token)
                body = {"json": {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {}}}
            else:
                body = {"data": {"csrf_token": token}}
            response = local.http.post(
                base + url_of,
                cookies={"session_id": sid},
                allow_redirects=False,
                timeout=120,
                **body,
            )
            outcome = outcome_of(response)
        except requests.RequestException as exc:
            outcome = f"error {type(exc).__name__}"
        return outcome, time.perf_counter() - t0

    items = bench.data["sessions"]
    warm_up(base, items[: bench.args.clients])
    started = time.perf_counter()
    with ThreadPoolExecutor(bench.args.clients) as pool:
        results = list(pool.map(claim, items))
    return results, time.perf_counter() - started


def warm_up(base, items):
    """Every worker loads its registry and compiles the portal's templates before the
    timer: as many page views at once as there will be connections."""

    def view(item):
        sid, _token = item
        requests.get(f"{base}/my/vouchers", cookies={"session_id": sid}, timeout=300)

    with ThreadPoolExecutor(len(items)) as pool:
        list(pool.map(view, items))


def ours_outcome(response):
    result = response.json().get("result") if response.status_code == 200 else None
    if result and result.get("code"):
        return "claimed"
    if result and "Sold out" in (result.get("error") or ""):
        return "sold out"
    return f"other {response.status_code}"


def naive_outcome(response):
    return {200: "claimed", 409: "sold out"}.get(
        response.status_code, f"other {response.status_code}"
    )


def issued(bench, batch_id):
    env = bench.env
    env.cr.rollback()  # a new snapshot, which sees what the server committed
    env.cr.execute(SQL("SELECT COUNT(*) FROM sports_voucher WHERE batch_id = %s", batch_id))
    return env.cr.fetchone()[0]


def summary(results, seconds):
    counts = {}
    for outcome, _seconds in results:
        counts[outcome] = counts.get(outcome, 0) + 1
    losers = [s for outcome, s in results if outcome == "sold out"] or [0.0]
    return counts, len(results) / seconds, percentile(losers, 99) if len(losers) > 1 else losers[0]


def case_rush(bench):
    checks = Checks()
    count = len(bench.data["sessions"])
    note(f"{count} members claim {QUANTITY} vouchers through our claim")
    ours, ours_s = rush(
        bench, f"/my/vouchers/claim/{bench.data['ours']}/json", ours_outcome, json_rpc=True
    )
    note(f"the same {count} members through the naive check-then-insert claim")
    naive, naive_s = rush(
        bench, f"/sports_voucher/bench/naive_claim/{bench.data['naive']}", naive_outcome
    )
    ours_counts, ours_rate, ours_p99 = summary(ours, ours_s)
    naive_counts, naive_rate, naive_p99 = summary(naive, naive_s)
    ours_over = issued(bench, bench.data["ours"]) - QUANTITY
    naive_over = issued(bench, bench.data["naive"]) - QUANTITY
    bench.env.cr.execute(
        SQL("SELECT claimed_count FROM sports_voucher_batch WHERE id = %s", bench.data["ours"])
    )
    claimed_count = bench.env.cr.fetchone()[0]
    figure(
        "vouchers.rush",
        f"{count} claims for {QUANTITY}, {bench.args.clients} connections, --workers=4",
    )
    figure("  over-issue", f"{ours_over} (naive: {naive_over})")
    figure(
        "  claims per second",
        f"{ours_rate:.0f}/s (naive: {naive_rate:.0f}/s) | ratio {harness.ratio(ours_rate, naive_rate)}",
    )
    figure(
        "  losers' p99",
        f"{ours_p99 * 1000:.0f} ms (naive: {naive_p99 * 1000:.0f} ms) | ratio "
        f"{harness.ratio(ours_p99, naive_p99)}",
    )
    figure("  outcomes", f"ours {ours_counts}; naive {naive_counts}")
    checks.expect(ours_over == 0, f"our claim over-issued {ours_over}")
    checks.expect(claimed_count == QUANTITY, f"claimed_count {claimed_count}, not {QUANTITY}")
    checks.expect(
        ours_counts.get("claimed") == QUANTITY, f"{ours_counts.get('claimed')} claims answered"
    )
    checks.expect(set(ours_counts) <= {"claimed", "sold out"}, f"unexpected answers: {ours_counts}")
    if naive_over <= 0:
        note("the naive claim did not over-issue this time (the race is a matter of timing)")
    return checks


BENCH = Bench(
    __doc__,
    cases=[Case("rush", case_rush, server=True)],
    options=[
        option("--members", 2000, "members claiming, each once"),
        option("--clients", 32, "HTTP connections at once (the workers' listen backlog is 32)"),
        http_port_option(),
    ],
    prepare=prepare,
    log_levels={"odoo.sql_db": logging.CRITICAL},
)

if __name__ == "__main__":
    # The server runs with workers (prefork), its gevent process on the next port.
    port = BENCH.parse_args(sys.argv[1:]).http_port
    harness.OdooServer.EXTRA_ARGS = ("--workers=4", f"--gevent-port={port + 1}")
    sys.exit(BENCH.main(sys.argv[1:]))
