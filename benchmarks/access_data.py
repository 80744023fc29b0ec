"""The venue of the access and proxy benchmarks, created in their fresh databases.

*Bench Access* has no opening calendar (open around the clock): a pool with anti-passback
behind two entries and an exit, a gym without rules behind an entry and an exit, a
single-entry pool ticket type and a gym day-pass type, day passes sold, and the venue's
proxy user with a new API key.
"""

from dataclasses import dataclass

from harness import TZ, BenchError

from odoo import fields

VENUE_CODE = "BENCHA"
# (point code, area, direction)
POINTS = [
    ("pool-in-1", "pool", "in"),
    ("pool-in-2", "pool", "in"),
    ("pool-out-1", "pool", "out"),
    ("gym-in-1", "gym", "in"),
    ("gym-out-1", "gym", "out"),
]


@dataclass
class AccessVenue:
    venue: object
    points: dict  # {code: sports.access.point}
    types: dict  # {"single": pool ticket type, "day": gym day-pass type}
    passes: list  # [(entitlement, QR credential)] of the gym day passes
    user: object  # the proxy user
    key: str  # its new API key


def check_fresh(env, codes):
    """The venues are created on every run: the database must not hold them yet."""
    if env["sports.venue"].with_context(active_test=False).search_count([("code", "in", codes)]):
        raise BenchError(
            f"{env.cr.dbname} holds a venue {' or '.join(codes)} already: run the benchmark "
            "through scripts/bench, which creates its database afresh"
        )


def setup_access_venue(env, day_passes):
    """The venue, its points, ticket types, ``day_passes`` gym day passes and proxy key."""
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

    def ticket_type(name, kind, area, price):
        return Type.create(
            {
                "name": name,
                "kind": kind,
                "venue_id": venue.id,
                "area_ids": [fields.Command.set(areas[area].ids)],
                "price": price,
            }
        )

    types = {
        "single": ticket_type("Bench swim", "single", "pool", 30.0),
        "day": ticket_type("Bench gym day", "day", "gym", 50.0),
    }
    passes = sell(env, types["day"], day_passes)
    user, key = venue._arena_proxy_provision(key_name="bench")
    return AccessVenue(venue, points, types, passes, user, key)


def sell(env, ticket_type, quantity):
    """``quantity`` anonymous tickets of ``ticket_type`` sold now, as the desk does (without
    its limit of 100 a sale): ``[(entitlement, QR credential)]``."""
    now = fields.Datetime.now()
    vals = ticket_type._entitlement_vals(env["res.partner"], now)
    entitlements = env["sports.access.entitlement"]._issue([dict(vals) for _i in range(quantity)])
    return [(e, e.credential_ids.filtered(lambda c: c.kind == "qr")) for e in entitlements]
