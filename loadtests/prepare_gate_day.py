"""The data of the gate day, made inside Odoo by ``driver.py`` (never by locust).

- ``prepare(env, args)``: ``--proxies`` (20) venues ``Arena Load Gate NN`` (code ``LGNN``) in
  the main company, created the first time and reused after: a pool with anti-passback
  behind an entry and an exit, a gym without rules behind an entry and an exit, pool
  tickets (one entry each, a QR code) and gym day passes (a QR code, and for half of them
  a wristband, a ``uid`` credential, as a card reader reads it) sold once. Each venue's
  proxy user gets a new API key (``sports.venue._arena_proxy_provision``; the previous
  keys of this scenario are removed). Portal members (``load.member.NNN``, as booking-rush
  makes them) and one staff user hold sessions issued beforehand.
- ``prepare_run(env, args, label)``: when the day starts (``--lead`` seconds away) and where
  locust writes the uuids it sent.
- ``check_run(env, run_plan, run)``: the events the database holds for the uuids sent in
  the run: lost (sent, answered or not, and not stored), duplicated (a uuid stored twice,
  or accepted twice), rejected, and whether every batch resent on purpose came back as
  duplicates only.
"""

import json
import os
import secrets
import time
from datetime import UTC

from access_data import sell
from prepare_booking_rush import TZ, _issue_session, _users

from odoo import fields
from odoo.tools import SQL

VENUE_PREFIX = "Arena Load Gate"
KEY_NAME = "load gate-day"
# (point code, area, direction)
POINTS = [
    ("pool-in-1", "pool", "in"),
    ("pool-out-1", "pool", "out"),
    ("gym-in-1", "gym", "in"),
    ("gym-out-1", "gym", "out"),
]
TICKETS = 60  # pool tickets per venue
DAY_PASSES = 60  # gym day passes per venue, half of them with a wristband


def _venue(env, index):
    """Venue ``index`` of the scenario with its points and passes, created if missing."""
    code = f"LG{index:02d}"
    Venue = env["sports.venue"].with_context(active_test=False)
    venue = Venue.search([("code", "=", code)], limit=1)
    if venue:
        return venue
    venue = Venue.create(
        {
            "name": f"{VENUE_PREFIX} {index:02d}",
            "code": code,
            "company_id": env.ref("base.main_company").id,
            "tz": TZ,
            "is_published": True,
        }
    )
    Area = env["sports.area"]
    areas = {
        "pool": Area.create({"name": "Pool", "venue_id": venue.id, "access_anti_passback": True}),
        "gym": Area.create({"name": "Gym", "venue_id": venue.id, "access_sharing_minutes": 0}),
    }
    env["sports.access.point"].create(
        [
            {"name": code, "code": code, "area_id": areas[area].id, "direction": direction}
            for code, area, direction in POINTS
        ]
    )
    Type = env["sports.ticket.type"]
    Type.create(
        {
            "name": "Load swim",
            "kind": "single",
            "venue_id": venue.id,
            "area_ids": [fields.Command.set(areas["pool"].ids)],
            "price": 30.0,
        }
    )
    Type.create(
        {
            "name": "Load gym day",
            "kind": "day",
            "venue_id": venue.id,
            "area_ids": [fields.Command.set(areas["gym"].ids)],
            "price": 50.0,
        }
    )
    return venue


def _today(env, venue):
    """The passes valid today (naive UTC now): sold again on a new day (a pass is valid on
    the day it is sold). Returns ``(start of the local day as epoch, credentials by kind)``."""
    now = fields.Datetime.now()
    day_start, _end = venue._day_bounds(venue._local_date(now))
    Entitlement = env["sports.access.entitlement"].sudo()
    today = Entitlement.search(
        [("venue_ids", "in", venue.ids), ("valid_from", "=", day_start), ("state", "=", "active")]
    )
    if not today:
        types = env["sports.ticket.type"].search([("venue_id", "=", venue.id)])
        sell(env, types.filtered(lambda t: t.kind == "single"), TICKETS)
        passes = sell(env, types.filtered(lambda t: t.kind == "day"), DAY_PASSES)
        # sudo: credentials are the system's own (nobody has a create right on them): a
        # wristband handed out with half of the day passes, as a card reader reads it.
        env["sports.access.credential"].sudo().create(
            [
                {"kind": "uid", "entitlement_id": entitlement.id, "value": secrets.token_hex(7)}
                for entitlement, _qr in passes[: DAY_PASSES // 2]
            ]
        )
        today = Entitlement.search([("venue_ids", "in", venue.ids), ("valid_from", "=", day_start)])
    active = today.credential_ids.filtered(lambda c: c.state == "active")
    qr = active.filtered(lambda c: c.kind == "qr")
    return day_start.replace(tzinfo=UTC).timestamp(), {
        "tickets": [c.code for c in qr if c.entitlement_id.ticket_kind == "single"],
        "passes": [c.code for c in qr if c.entitlement_id.ticket_kind == "day"],
        "pass_tokens": [c.token for c in qr if c.entitlement_id.ticket_kind == "day"][:10],
        "wristbands": [c.value for c in active if c.kind == "uid"],
    }


def _new_key(env, venue):
    """The venue's proxy user and a new API key; this scenario's older keys removed."""
    user, key = venue._arena_proxy_provision(key_name=KEY_NAME)
    env.flush_all()
    env.cr.execute(
        SQL(
            "DELETE FROM res_users_apikeys WHERE user_id = %s AND name = %s AND id < "
            "(SELECT max(id) FROM res_users_apikeys WHERE user_id = %s AND name = %s)",
            user.id,
            KEY_NAME,
            user.id,
            KEY_NAME,
        )
    )
    return key


def prepare(env, args):
    """Venues, passes, proxy keys, members' and staff's sessions. Returns the plan's users."""
    company = env.ref("base.main_company")
    venues = [_venue(env, index) for index in range(1, args.proxies + 1)]
    members = _users(env, "load.member", args.users, ["base.group_portal"], company)
    staff = _users(
        env, "load.staff", max(args.staff, 1), ["sports_venue.group_arena_user"], company
    )
    return {
        "proxies": [
            {
                "venue_id": venue.id,
                "code": venue.code,
                "key": _new_key(env, venue),
                "db": env.cr.dbname,
                "day_start": day_start,
                **credentials,
            }
            for venue in venues
            for day_start, credentials in [_today(env, venue)]
        ],
        "events": args.events,
        "batch": args.batch,
        "members": [{"login": user.login, "sid": _issue_session(env, user)} for user in members],
        "staff": [{"login": user.login, "sid": _issue_session(env, user)} for user in staff],
    }


def prepare_run(env, args, label):
    """When the run's day starts, and where locust writes what it sent."""
    run_out = os.path.join(args.out, label)
    venue_id = env["sports.venue"].search([("code", "=", "LG01")], limit=1).id
    return {
        "label": label,
        "release_at": round(time.time() + args.lead),
        "rush": args.rush,
        "sent_path": os.path.join(run_out, "sent.json"),
        "warm_up": ["/venues", f"/venues/{venue_id}", "/my", "/my/tickets"],
    }


def check_run(env, run_plan, run):
    """What the database holds of the events sent, and what is wrong."""
    try:
        with open(run_plan["sent_path"], encoding="utf-8") as fp:
            sent = json.load(fp)
    except (OSError, ValueError):
        sent = {"uuids": [], "uploaded": 0, "accepted": 0, "started": 0, "ended": 0}
    uuids = sent["uuids"]
    distinct = set(uuids)
    venue_ids = [proxy["venue_id"] for proxy in run_plan["proxies"]]
    env.cr.execute(
        SQL(
            "SELECT count(*), count(DISTINCT uuid) FROM sports_access_event "
            "WHERE venue_id = ANY(%s) AND uuid = ANY(%s)",
            venue_ids,
            list(distinct),
        )
    )
    stored, stored_distinct = env.cr.fetchone()
    seconds = max(sent["ended"] - sent["started"], 1e-9)
    outcomes = run["outcomes"]
    result = {
        "proxies": len(run_plan["proxies"]),
        "events_sent": len(distinct),
        "events_stored": stored_distinct,
        "lost": len(distinct) - stored_distinct,
        "duplicated": (stored - stored_distinct) + max(sent["accepted"] - stored_distinct, 0),
        "accepted": sent["accepted"],
        "rejected": outcomes.get("rejected", 0),
        "resent_batches": outcomes.get("resent_batches", 0),
        "resent_events": outcomes.get("resent_events", 0),
        "resent_duplicates": outcomes.get("resent_duplicates", 0),
        "upload_seconds": round(seconds, 1),
        "events_per_s": round(sent["accepted"] / seconds) if sent["accepted"] else 0,
        # Not uploaded when the bound (--rush, or locust's -t) ended the run: not lost.
        "unsent": len(run_plan["proxies"]) * run_plan["events"] - sent["uploaded"],
    }
    problems = run["problems"]
    if result["lost"]:
        problems.append(f"{result['lost']} events sent and not stored")
    if result["duplicated"]:
        problems.append(f"{result['duplicated']} events stored or accepted twice")
    if result["rejected"]:
        problems.append(f"{result['rejected']} events rejected (the prepared events are valid)")
    if result["resent_duplicates"] != result["resent_events"]:
        problems.append(
            f"{result['resent_events']} events resent on purpose, "
            f"{result['resent_duplicates']} answered as duplicates"
        )
    if not result["resent_batches"]:
        problems.append("no batch was resent: idempotency not shown")
    if not stored_distinct:
        problems.append("no event stored")
    return result


def locust_users(args):
    """The simulated proxies and portal members."""
    return args.proxies + args.users


RATIO_REQUESTS = ("upload", "sync", "verify", "portal")
# The day starts --lead seconds after the servers are warm (the driver sets release_at).
STARTS_AFTER_WARM_UP = True


def lines(run):
    """The scenario's own lines of the printed summary."""
    return [
        f"{run['proxies']} proxies: {run['events_sent']} events sent, {run['events_stored']} "
        f"stored, {run['lost']} lost, {run['duplicated']} duplicated, {run['rejected']} rejected"
        f", {run['unsent']} not sent in time",
        f"accepted {run['accepted']} events in {run['upload_seconds']} s: "
        f"{run['events_per_s']} events/s",
        f"resent on purpose: {run['resent_batches']} batches, {run['resent_events']} events, "
        f"{run['resent_duplicates']} answered as duplicates",
    ]


def ratio_lines(runs):
    """Throughput, ours against the baseline (the driver prints the p99 ratios)."""
    ours, base = runs["ours"]["events_per_s"], runs["baseline"]["events_per_s"]
    value = f"{ours / base:.1f}x" if ours and base else "n/a"
    return [f"events/s accepted ours/baseline (above 1: ours is faster): {value}"]
