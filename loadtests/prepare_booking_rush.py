"""The data of the booking rush, made inside Odoo by ``driver.py`` (never by locust).

- ``prepare(env, args)``: the members (real portal users ``load.member.NNN``) and the staff
  (``load.staff.N``, Arena users), created the first time and reused after; sessions issued
  for them; the previous runs' venues emptied and removed.
- ``prepare_run(env, args, label)``: a venue of its own for one run, ``--courts`` courts of
  ``--hours`` one-hour slots on the last day of its booking window (the hot slots), that day
  released at the next whole minute at least ``--lead`` seconds away
  (``sports.venue.booking_release_hour``); ``schedule`` sets that release again once the
  server is warm.
- ``check_run(env, venue_id)``: what the database holds after the race.
"""

import math
import secrets
from datetime import datetime, timedelta

import pytz

import odoo
from odoo.http import get_default_session, root
from odoo.tools import SQL

VENUE_PREFIX = "Arena Load Rush"
TZ = "Asia/Shanghai"
PRICE_PER_HOUR = 80.0
FIRST_HOUR = 8  # the hot slots: FIRST_HOUR:00 local, one hour each, on every court
BLOCKING_STATES = ("held", "confirmed", "checked_in", "done", "no_show")
# The members who log in on /web/login during the run have this password; the others
# hold a session issued by prepare (see loadtests/README.md: one PBKDF2 check of 600,000
# rounds costs about a second of CPU, 500 of them would be the whole run).
PASSWORD = "load-rush"


def _users(env, prefix, count, group_xmlids, company):
    """``count`` users ``prefix.NNN``: the existing ones, and the missing ones created."""
    logins = [f"{prefix}.{i:03d}" for i in range(count)]
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
    existing = Users.with_context(active_test=False).search([("login", "in", logins)])
    missing = sorted(set(logins) - set(existing.mapped("login")))
    groups = [env.ref(xmlid).id for xmlid in group_xmlids]
    if missing:
        existing |= Users.create(
            [
                {
                    "name": f"Load {login}",
                    "login": login,
                    "email": f"{login}@load.example.com",
                    "company_id": company.id,
                    "company_ids": [(6, 0, [company.id])],
                    "group_ids": [(6, 0, groups)],
                    "tz": TZ,
                }
                for login in missing
            ]
        )
    existing.write({"active": True})
    by_login = {user.login: user for user in existing}
    return [by_login[login] for login in logins]


def _set_password(env, users):
    """One PBKDF2 hash for all of ``users`` (the ORM would hash once per user)."""
    if not users:
        return
    digest = env["res.users"]._crypt_context().hash(PASSWORD)
    env.flush_all()
    env.cr.execute(
        SQL("UPDATE res_users SET password = %s WHERE id = ANY(%s)", digest, [u.id for u in users])
    )


def _issue_session(env, user):
    """A logged-in session of ``user`` in Odoo's session store, as ``/web/login`` leaves it."""
    store = root.session_store
    session = store.new()
    session.update(get_default_session())
    session.update(
        {
            "db": env.cr.dbname,
            "login": user.login,
            "uid": user.id,
            "context": dict(env["res.users"].with_user(user).context_get()),
            "session_token": user._compute_session_token(session.sid),
        }
    )
    store.save(session)
    return session.sid


def cleanup(env):
    """Remove the venues of previous runs with their bookings and orders (a confirmed
    booking cannot be deleted through the ORM, by design: go around it)."""
    venues = (
        env["sports.venue"]
        .with_context(active_test=False)
        .search([("name", "=like", f"{VENUE_PREFIX}%")])
    )
    if not venues:
        return
    env.flush_all()
    bookings = SQL("SELECT id FROM sports_booking WHERE venue_id = ANY(%s)", venues.ids)
    orders = SQL(
        "SELECT l.order_id FROM sale_order_line l JOIN sports_booking b ON b.sale_line_id = l.id "
        "WHERE b.venue_id = ANY(%s)",
        venues.ids,
    )
    env.cr.execute(SQL("CREATE TEMP TABLE load_orders ON COMMIT DROP AS %s", orders))
    for model, ids in (
        ("sports.booking", bookings),
        ("sale.order", SQL("SELECT * FROM load_orders")),
    ):
        env.cr.execute(
            SQL("DELETE FROM mail_message WHERE model = %s AND res_id IN (%s)", model, ids)
        )
        env.cr.execute(
            SQL("DELETE FROM mail_followers WHERE res_model = %s AND res_id IN (%s)", model, ids)
        )
    env.cr.execute(SQL("DELETE FROM sports_booking_occupancy WHERE booking_id IN (%s)", bookings))
    env.cr.execute(SQL("DELETE FROM sports_booking WHERE venue_id = ANY(%s)", venues.ids))
    env.cr.execute(SQL("DELETE FROM sale_order WHERE id IN (SELECT * FROM load_orders)"))
    env.invalidate_all()
    venues.space_ids.unlink()
    venues.unlink()


def prepare(env, args):
    """Users and sessions; the previous runs' data removed. Returns the plan's users."""
    company = env.ref("base.main_company")
    cleanup(env)
    members = _users(env, "load.member", args.users, ["base.group_portal"], company)
    staff = _users(env, "load.staff", args.staff, ["sports_venue.group_arena_user"], company)
    # The first --logins members log in for real; the rest were logged in earlier.
    _set_password(env, members[: args.logins])
    return {
        "members": [
            {
                "login": user.login,
                "password": PASSWORD if i < args.logins else None,
                "sid": None if i < args.logins else _issue_session(env, user),
            }
            for i, user in enumerate(members)
        ],
        "staff": [{"login": user.login, "sid": _issue_session(env, user)} for user in staff],
    }


def _release(now_utc, lead_seconds):
    """The next whole minute at least ``lead_seconds`` from now, as (UTC, local hour)."""
    tz = pytz.timezone(TZ)
    at = now_utc + timedelta(seconds=lead_seconds)
    at = at.replace(second=0, microsecond=0) + timedelta(minutes=1 if at.second else 0)
    local = pytz.utc.localize(at).astimezone(tz)
    return at, local.hour + local.minute / 60


def prepare_run(env, args, label):
    """A venue for one run, its hot slots and its release. Returns the run's plan."""
    company = env.ref("base.main_company")
    venue = env["sports.venue"].create(
        {
            "name": f"{VENUE_PREFIX} {label} {secrets.token_hex(3)}",
            "code": f"LR{secrets.token_hex(3).upper()}",
            "company_id": company.id,
            "tz": TZ,
            "is_published": True,
            "booking_slot_minutes": 60,
            "booking_min_minutes": 60,
            "booking_max_minutes": 120,
            "booking_window_days": 7,
            "booking_daily_limit_minutes": 120,
        }
    )
    env["sports.price.rule"].create(
        {"name": "Load price", "venue_id": venue.id, "price_per_hour": PRICE_PER_HOUR}
    )
    env["sports.space"].create(
        [
            {"name": f"Court {i + 1}", "code": f"C{i + 1}", "venue_id": venue.id}
            for i in range(args.courts)
        ]
    )
    return dict(schedule(env, args, {"venue_id": venue.id}), label=label)


def schedule(env, args, run_plan):
    """The run's release at the next whole minute at least ``--lead`` seconds from now
    (``booking_release_hour`` is a time to the minute), the hot slots of the day it opens
    and the warm-up pages. The driver calls it again once the servers are warm, so that
    their start does not eat the members' lead. Returns the plan updated."""
    venue = env["sports.venue"].browse(run_plan["venue_id"])
    release_at, release_hour = _release(datetime.utcnow(), args.lead)
    venue.booking_release_hour = release_hour
    spaces = venue.space_ids.sorted("id")
    tz = pytz.timezone(TZ)
    day = pytz.utc.localize(release_at).astimezone(tz).date() + timedelta(days=7)
    slots = []
    for hour in range(FIRST_HOUR, FIRST_HOUR + args.hours):
        local = tz.localize(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))
        start = local.astimezone(pytz.utc).replace(tzinfo=None)
        slots += [f"{space.id}|{odoo.fields.Datetime.to_string(start)}" for space in spaces]
    date = odoo.fields.Date.to_string(day)
    return dict(
        run_plan,
        date=date,
        slots=slots,
        release_at=pytz.utc.localize(release_at).timestamp(),
        per_slot=math.ceil(args.users / len(slots)),
        warm_up=[
            f"/venues/{venue.id}?date={date}",
            f"/venues/{venue.id}/slots?date={date}",
            "/web/login",
        ],
    )


def check_run(env, run_plan, run):
    """Successes and double bookings (two blocking bookings of the venue that share a unit
    and overlap in time, read from the bookings, not from the occupancy rows the
    constraint guards) after the race, and what is wrong."""
    venue_id = run_plan["venue_id"]
    env.flush_all()
    states = list(BLOCKING_STATES)
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sports_booking WHERE venue_id = %s AND state = ANY(%s)",
            venue_id,
            states,
        )
    )
    successes = env.cr.fetchone()[0]
    env.cr.execute(
        SQL(
            """
            SELECT count(*) FROM sports_booking b1
              JOIN sports_booking b2 ON b1.id < b2.id AND b2.venue_id = b1.venue_id
               AND b2.state = ANY(%(states)s)
               AND b1.start_at < b2.end_at AND b2.start_at < b1.end_at
              JOIN sports_space_unit_rel u1 ON u1.space_id = b1.space_id
              JOIN sports_space_unit_rel u2 ON u2.space_id = b2.space_id
               AND u2.unit_id = u1.unit_id
             WHERE b1.venue_id = %(venue)s AND b1.state = ANY(%(states)s)
            """,
            states=states,
            venue=venue_id,
        )
    )
    double = env.cr.fetchone()[0]
    outcomes = run["outcomes"]
    result = {
        "hot_slots": len(run_plan["slots"]),
        "successes": successes,
        "double_bookings": double,
        "won": outcomes.get("won", 0),
        "lost": outcomes.get("lost", 0),
        "sold_out_at_grid": outcomes.get("sold_out", 0),
        "grid_failed": outcomes.get("grid_failed", 0),
        "book_failed": outcomes.get("other", 0),
        "grid_after_release": outcomes.get("grid_after_release", 0),
    }
    problems = run["problems"]
    if double:
        problems.append(f"{double} double bookings")
    if successes != result["won"]:
        problems.append(f"{result['won']} members were told they won, {successes} booked")
    if not successes:
        problems.append("nobody booked")
    if outcomes.get("open_before_release"):
        problems.append(
            f"{outcomes['open_before_release']} members saw hot slots free before the release"
        )
    answered = result["won"] + result["lost"] + result["sold_out_at_grid"]
    if answered != run["members"]:
        # Capacity, not correctness: a failure of ours, a finding of the baseline.
        run.setdefault("shortfalls", []).append(
            f"{answered} of {run['members']} members got an answer ({result['grid_failed']} "
            f"without the slots at the release, {result['book_failed']} without an answer to "
            "their booking, the others still waiting when the run's time was up)"
        )
    return result


def locust_users(args):
    """The simulated people: members and staff."""
    return args.users + args.staff


RATIO_REQUESTS = ("book won", "book lost", "slots at release", "backend list")


def lines(run):
    """The scenario's own lines of the printed summary."""
    return [
        f"{run['hot_slots']} hot slots: {run['successes']} booked, "
        f"{run['double_bookings']} double bookings; members won {run['won']}, "
        f"lost {run['lost']}, found the slots sold out {run['sold_out_at_grid']}, "
        f"got no slots {run['grid_failed']}, no answer to the booking {run['book_failed']}",
        # Members still loading the page at the release race late (--lead is too short).
        f"pages before the release answered after it: {run.get('grid_after_release', 0)}",
    ]
