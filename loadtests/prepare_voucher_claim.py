"""The data of the voucher claim, made inside Odoo by ``driver.py``.

A city bureau of its own ("Arena Load Vouchers") runs a campaign; each run releases a new
batch of ``--vouchers`` vouchers (the previous campaigns are closed) at the next whole
second at least ``--lead`` seconds away. The members are the verified portal users of the
voucher benchmark (``benchmarks/bench_vouchers.py``: created once, reused), each with a
session issued beforehand; one staff user for the bus check.
"""

import uuid
from datetime import UTC, datetime, timedelta

import bench_vouchers
from prepare_booking_rush import _issue_session, _users

from odoo import fields
from odoo.tools import SQL

COMPANY = "Arena Load Vouchers"


def _bureau(env):
    bureau = env["res.company"].search([("name", "=", COMPANY)], limit=1)
    if not bureau:
        cny = env.ref("base.CNY")
        cny.active = True
        bureau = env["res.company"].create(
            {"name": COMPANY, "arena_role": "city", "currency_id": cny.id}
        )
    return bureau


def prepare(env, args):
    bureau = _bureau(env)
    members = bench_vouchers.members(env, args.users)
    staff = _users(
        env,
        "load.staff",
        max(args.staff, 1),
        ["sports_venue.group_arena_user"],
        env.ref("base.main_company"),
    )
    return {
        "members": [
            {"sid": sid, "csrf": token} for sid, token in bench_vouchers.sessions(env, members)
        ],
        "staff": [{"login": user.login, "sid": _issue_session(env, user)} for user in staff],
        "bureau_id": bureau.id,
    }


def prepare_run(env, args, label):
    bureau = env["res.company"].browse(_bureau(env).id)
    Campaign = env["sports.voucher.campaign"]
    Campaign.search([("company_id", "=", bureau.id), ("state", "=", "running")]).write(
        {"state": "closed"}
    )
    today = fields.Date.today()
    campaign = Campaign.create(
        {
            "name": f"Load {label} {uuid.uuid4().hex[:6]}",
            "company_id": bureau.id,
            "state": "running",
            "date_start": today - timedelta(days=1),
            "date_end": today + timedelta(days=1),
            "budget": args.vouchers * 10,
            "limit_claims_week": 3,
            "limit_held": 3,
            # Every member comes from 127.0.0.1 and one device here: per account only.
            "throttle_ip": 0,
            "throttle_device": 0,
            "throttle_account": 10,
            "denomination_ids": [(0, 0, {"face_value": 10, "threshold": 50})],
        }
    )
    release = datetime.utcnow().replace(microsecond=0) + timedelta(seconds=args.lead)
    batch = env["sports.voucher.batch"].create(
        {
            "campaign_id": campaign.id,
            "denomination_id": campaign.denomination_ids.id,
            "release_at": release,
            "quantity": args.vouchers,
        }
    )
    return {
        "batch_id": batch.id,
        "vouchers": args.vouchers,
        "warm_up": ["/my/vouchers", "/web/login"],
        "release_at": release.replace(tzinfo=UTC).timestamp(),
    }


def check_run(env, run_plan, run):
    env.cr.execute(
        SQL(
            "SELECT (SELECT count(*) FROM sports_voucher WHERE batch_id = b.id), b.claimed_count "
            "FROM sports_voucher_batch b WHERE b.id = %s",
            run_plan["batch_id"],
        )
    )
    issued, counter = env.cr.fetchone()
    outcomes = run["outcomes"]
    result = {
        "vouchers": run_plan["vouchers"],
        "issued": issued,
        "over_claims": max(issued - run_plan["vouchers"], 0),
        "claimed": outcomes.get("claimed", 0),
        "sold_out": outcomes.get("sold_out", 0),
        "refused_otherwise": outcomes.get("refused", 0),
    }
    problems = run["problems"]
    if result["over_claims"]:
        problems.append(f"{result['over_claims']} vouchers over the batch's quantity")
    if issued != counter or issued != result["claimed"]:
        problems.append(
            f"{issued} vouchers issued, the batch counts {counter}, {result['claimed']} "
            "members were told they have one"
        )
    if not issued:
        problems.append("nobody claimed")
    return result


def locust_users(args):
    """The simulated people: members only (the staff user is for the bus check)."""
    return args.users


RATIO_REQUESTS = ("claim won", "claim lost", "my vouchers")


def lines(run):
    return [
        f"{run['vouchers']} vouchers: {run['issued']} issued, {run['over_claims']} over-claims; "
        f"members claimed {run['claimed']}, sold out {run['sold_out']}, "
        f"refused otherwise {run['refused_otherwise']}"
    ]
