#!/usr/bin/env python3
"""Write ``data/access_vectors.json``: the access decisions Odoo and the proxy must agree on.

Each case describes a state (an entitlement, its credential, earlier granted passages)
and a passage (time and point), and the expected ``decision`` and ``reason``. Times are
local to the venue (Asia/Shanghai); 2026-11-25 is a Wednesday. The ``encoding`` vectors
pin the QR byte layout: signing their claims with their key must give their token.

The venue opens 06:00-22:00 every day, less its ``leaves`` (closures and holidays, as
Odoo's calendar leaves). ``venue.hours`` is what Odoo's ``sync`` sends for it
(``arena_access.OpeningWindows``): the concrete windows of the ``horizon_days`` from
2026-11-25, and the closure dates of the year ahead for a proxy offline past them.

Run it from the repository root: ``python scripts/gen_access_vectors.py`` (with
``packages/arena_access`` installed, or it is taken from its source folder).
"""

import json
import pathlib
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
try:
    from arena_access import OpeningWindows
    from arena_access import token as arena_token
except ImportError:
    sys.path.insert(0, str(ROOT / "packages" / "arena_access" / "src"))
    from arena_access import OpeningWindows
    from arena_access import token as arena_token

KEYS = {
    "k1": "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    "k2": "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    "rogue": "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
}
DAY = "2026-11-25"
NEXT = "2026-11-26"
TZ = "Asia/Shanghai"
OPENING = [[day, 6.0, 22.0] for day in range(7)]
HORIZON_DAYS = 14
# Closures and holidays: global leaves of the venue's calendar, local times.
LEAVES = [
    # A partial closure on Thursday afternoon: the morning stays open.
    {
        "name": "Pool maintenance",
        "from": "2026-11-26T14:00:00+08:00",
        "to": "2026-11-26T18:00:00+08:00",
    },
    # A holiday on a Friday that the weekly hours would open.
    {
        "name": "Public holiday",
        "from": "2026-11-27T00:00:00+08:00",
        "to": "2026-11-28T00:00:00+08:00",
    },
    # A closure day past the horizon of the concrete windows (a long-offline proxy).
    {
        "name": "New Year's Eve closure",
        "from": "2026-12-31T00:00:00+08:00",
        "to": "2027-01-01T00:00:00+08:00",
    },
]


def t(clock, day=DAY):
    return f"{day}T{clock}+08:00"


def ticket(**extra):
    # ``balance`` (None: pays nothing per entry) and ``owes`` (False) are left out unless
    # a case sets them: callers read them as optional.
    base = {
        "kind": "ticket",
        "state": "active",
        "areas": ["pool"],
        "valid_from": t("00:00:00"),
        "valid_to": t("00:00:00", NEXT),
        "uses_left": None,
        "daily_cap": 0,
        "opening_hours": True,
    }
    base.update(extra)
    return base


def stored_value(balance=100.0, owes=False, **extra):
    """A stored-value card's pass: it pays each entry at a priced point from ``balance``."""
    return ticket(kind="card", areas=[], balance=balance, owes=owes, **extra)


def qr(key="k1", **extra):
    return {"kind": "qr", "key": key, "state": "active", **extra}


def uid(value="04A1B2C3D4", **extra):
    return {"kind": "uid", "value": value, "state": "active", **extra}


def case(
    name, expect, entitlement=None, credential=None, history=(), at="10:00:00", point="pool-in-1"
):
    decision, _, reason = expect.partition(":")
    return {
        "name": name,
        "entitlement": entitlement if entitlement is not None else ticket(),
        "credential": credential if credential is not None else qr(),
        "history": list(history),
        "at": t(at) if len(at) == 8 else at,
        "point": point,
        "expect": {"decision": decision, "reason": reason or None},
    }


def passage(point, clock, direction=None):
    item = {"point": point, "at": t(clock)}
    if direction:
        item["direction"] = direction
    return item


CASES = [
    case("single ticket enters", "granted", ticket(uses_left=1)),
    case(
        "single ticket used",
        "denied:no_uses_left",
        ticket(uses_left=0),
        history=[passage("pool-in-1", "08:00:00"), passage("pool-out-1", "09:00:00")],
    ),
    case("valid QR under the second trusted key", "granted", credential=qr("k2")),
    case("QR of an unknown key", "denied:invalid_signature", credential=qr("rogue")),
    case(
        "QR with a forged signature", "denied:invalid_signature", credential=qr(tamper="signature")
    ),
    case("QR with an altered payload", "denied:invalid_signature", credential=qr(tamper="payload")),
    case("truncated QR", "denied:malformed", credential=qr(tamper="truncate")),
    case("garbage instead of a QR", "denied:malformed", credential=qr(tamper="garbage")),
    case("unknown card UID", "denied:unknown_credential", credential=uid(unknown=True)),
    case("card UID enters", "granted", credential=uid()),
    case("revoked credential", "denied:revoked", credential=qr(state="revoked")),
    case("revoked entitlement", "denied:revoked", ticket(state="revoked")),
    case(
        "frozen card",
        "denied:frozen",
        ticket(kind="card", state="frozen", areas=[]),
        credential=uid(),
    ),
    case("not yet valid", "denied:not_yet_valid", ticket(valid_from=t("12:00:00"))),
    case("expired", "denied:expired", ticket(valid_to=t("09:59:59"))),
    case("expires at the very second", "denied:expired", ticket(valid_to=t("10:00:00"))),
    case("valid from the very second", "granted", ticket(valid_from=t("10:00:00"))),
    case("wrong area", "denied:wrong_area", ticket(areas=["gym"])),
    case("no area limit opens every area", "granted", ticket(areas=[]), point="gym-in-1"),
    case("closed before opening", "denied:closed", at="05:59:00"),
    case("closed at closing time", "denied:closed", at="22:00:00"),
    case(
        "booking ignores opening hours",
        "granted",
        ticket(
            kind="booking",
            areas=["gym"],
            opening_hours=False,
            valid_from=t("21:45:00"),
            valid_to=t("23:00:00"),
        ),
        at="22:30:00",
        point="gym-in-1",
    ),
    case(
        "booking opens 15 minutes early only",
        "denied:not_yet_valid",
        ticket(
            kind="booking",
            areas=["gym"],
            opening_hours=False,
            valid_from=t("17:45:00"),
            valid_to=t("19:00:00"),
        ),
        at="17:40:00",
        point="gym-in-1",
    ),
    case(
        "exit is always allowed to a valid credential",
        "granted",
        ticket(uses_left=0),
        history=[passage("pool-in-1", "09:00:00")],
        at="23:00:00",
        point="pool-out-1",
    ),
    case(
        "exit with an expired credential",
        "granted",
        ticket(valid_to=t("09:00:00")),
        point="pool-out-1",
    ),
    case(
        "exit with a revoked credential",
        "granted",
        credential=qr(state="revoked"),
        point="pool-out-1",
    ),
    case(
        "exit with a forged QR",
        "denied:invalid_signature",
        credential=qr(tamper="signature"),
        point="pool-out-1",
    ),
    case(
        "anti-passback: second entry without exit",
        "denied:passback",
        history=[passage("pool-in-1", "09:00:00")],
    ),
    case(
        "anti-passback: entry after an exit",
        "granted",
        history=[passage("pool-in-1", "09:00:00"), passage("pool-out-1", "09:30:00")],
    ),
    case(
        "anti-passback is per area",
        "granted",
        ticket(areas=[]),
        history=[passage("gym-in-1", "09:00:00")],
        point="pool-in-1",
    ),
    case(
        "anti-passback timeout in the gym is off",
        "granted",
        ticket(areas=["gym"]),
        history=[passage("gym-in-1", "09:00:00")],
        point="gym-in-1",
    ),
    case(
        "anti-passback with a timeout: still inside",
        "denied:passback",
        ticket(areas=["court"]),
        history=[passage("court-in-1", "08:30:00")],
        point="court-in-1",
    ),
    case(
        "anti-passback with a timeout: expired block",
        "granted",
        ticket(areas=["court"]),
        history=[passage("court-in-1", "07:59:00")],
        point="court-in-1",
    ),
    case(
        "anti-sharing: entered elsewhere within the window",
        "denied:sharing",
        ticket(areas=[]),
        history=[passage("gym-in-1", "09:58:30")],
        point="pool-in-1",
    ),
    case(
        "anti-sharing: checked before anti-passback",
        "denied:sharing",
        history=[passage("pool-in-2", "09:59:00")],
        point="pool-in-1",
    ),
    case(
        "anti-sharing: same gate is not sharing",
        "granted",
        history=[passage("pool-in-1", "09:58:00"), passage("pool-out-1", "09:58:10")],
    ),
    case(
        "anti-sharing: an exit in between is not sharing",
        "granted",
        history=[passage("pool-in-2", "09:58:00"), passage("pool-out-1", "09:59:00")],
    ),
    case(
        "anti-sharing: outside the window",
        "granted",
        ticket(areas=[]),
        history=[passage("gym-in-1", "09:56:59")],
        point="pool-in-1",
    ),
    case("multi-use ticket with entries left", "granted", ticket(uses_left=3)),
    case(
        "count card: daily cap reached",
        "denied:daily_cap",
        ticket(kind="card", uses_left=5, daily_cap=2, areas=[]),
        credential=uid(),
        history=[
            passage("pool-in-1", "07:00:00"),
            passage("pool-out-1", "07:45:00"),
            passage("pool-in-1", "08:00:00"),
            passage("pool-out-1", "08:45:00"),
        ],
    ),
    case(
        "count card: yesterday's entries do not count",
        "granted",
        ticket(
            kind="card", uses_left=5, daily_cap=1, areas=[], valid_from=t("00:00:00", "2026-11-01")
        ),
        credential=uid(),
        history=[
            {"point": "pool-in-1", "at": t("20:00:00", "2026-11-24")},
            {"point": "pool-out-1", "at": t("21:00:00", "2026-11-24")},
        ],
    ),
    case(
        "count card: no entries left",
        "denied:no_uses_left",
        ticket(kind="card", uses_left=0, daily_cap=2, areas=[]),
        credential=uid(),
    ),
    case(
        "two-way point: inside, so leaving",
        "granted",
        ticket(areas=["court"]),
        history=[passage("court-1", "09:00:00", "in")],
        point="court-1",
    ),
    case("unknown point", "denied:unknown_point", point="nowhere-9"),
    case(
        "holiday: closed although Friday would be open",
        "denied:closed",
        ticket(valid_to=t("00:00:00", "2026-11-28")),
        at=t("10:00:00", "2026-11-27"),
    ),
    case(
        "holiday: a booking ignores opening hours",
        "granted",
        ticket(
            kind="booking",
            areas=["gym"],
            opening_hours=False,
            valid_from=t("09:45:00", "2026-11-27"),
            valid_to=t("11:00:00", "2026-11-27"),
        ),
        at=t("10:00:00", "2026-11-27"),
        point="gym-in-1",
    ),
    case(
        "holiday: leaving is always allowed",
        "granted",
        ticket(valid_to=t("00:00:00", "2026-11-28")),
        history=[passage("pool-in-1", "09:00:00")],
        at=t("10:00:00", "2026-11-27"),
        point="pool-out-1",
    ),
    case(
        "closure afternoon: closed",
        "denied:closed",
        ticket(valid_to=t("00:00:00", "2026-11-27")),
        at=t("15:00:00", NEXT),
    ),
    case(
        "closure afternoon: the morning is open",
        "granted",
        ticket(valid_to=t("00:00:00", "2026-11-27")),
        at=t("10:00:00", NEXT),
    ),
    case(
        "closure afternoon: open again at its end",
        "granted",
        ticket(valid_to=t("00:00:00", "2026-11-27")),
        at=t("18:00:00", NEXT),
    ),
    case(
        "closure day past the synced windows: closed",
        "denied:closed",
        ticket(valid_from=t("00:00:00", "2026-12-30"), valid_to=t("00:00:00", "2027-01-02")),
        at=t("10:00:00", "2026-12-31"),
    ),
    case(
        "the day after a closure past the synced windows: open",
        "granted",
        ticket(valid_from=t("00:00:00", "2026-12-30"), valid_to=t("00:00:00", "2027-01-02")),
        at=t("10:00:00", "2027-01-01"),
    ),
    # Stored-value cards pay each entry at a priced point (the pool's gates: 30.00).
    case("stored-value card pays an entry at a priced point", "granted", stored_value(), uid()),
    case("stored-value card: balance just covers the price", "granted", stored_value(30.0), uid()),
    case(
        "stored-value card: balance below the price",
        "denied:insufficient_balance",
        stored_value(29.99),
        uid(),
    ),
    case("stored-value card: empty", "denied:insufficient_balance", stored_value(0.0), uid()),
    case(
        "stored-value card: no price at the point",
        "denied:no_price",
        stored_value(),
        uid(),
        point="gym-in-1",
    ),
    case(
        "stored-value card: owes an unpaid entry",
        "denied:card_owes",
        stored_value(owes=True),
        uid(),
    ),
    case(
        "stored-value card: leaves without balance",
        "granted",
        stored_value(0.0, owes=True),
        uid(),
        history=[passage("pool-in-1", "09:00:00")],
        point="pool-out-1",
    ),
    case(
        "stored-value card: closed before the price is asked",
        "denied:closed",
        stored_value(0.0),
        uid(),
        at="05:59:00",
    ),
    case(
        "stored-value card: anti-passback before the price",
        "denied:passback",
        stored_value(),
        uid(),
        history=[passage("pool-in-1", "09:00:00")],
    ),
    case(
        "count card at a priced point pays nothing",
        "granted",
        ticket(kind="card", uses_left=5, areas=[]),
        uid(),
    ),
]


def _weekly_intervals(day, zone):
    """The local weekly opening of ``day`` as aware datetimes."""
    midnight = datetime.combine(day, datetime.min.time(), zone)
    return [
        (midnight + timedelta(hours=start), midnight + timedelta(hours=end))
        for weekday, start, end in OPENING
        if weekday == day.weekday()
    ]


def _less_leaves(intervals):
    """``intervals`` less the ``LEAVES``, as Odoo's calendar does."""
    leaves = [
        (datetime.fromisoformat(leave["from"]), datetime.fromisoformat(leave["to"]))
        for leave in LEAVES
    ]
    out = []
    for start, end in intervals:
        pieces = [(start, end)]
        for leave_start, leave_end in leaves:
            pieces = [
                piece
                for piece_start, piece_end in pieces
                for piece in (
                    (piece_start, min(piece_end, leave_start)),
                    (max(piece_start, leave_end), piece_end),
                )
                if piece[0] < piece[1]
            ]
        out += pieces
    return out


def venue_hours():
    """What ``sync`` sends for the vector venue: ``OpeningWindows`` as JSON."""
    zone = ZoneInfo(TZ)
    first = date.fromisoformat(DAY)
    windows = []
    for offset in range(HORIZON_DAYS):
        windows += _less_leaves(_weekly_intervals(first + timedelta(days=offset), zone))
    closures = [
        day
        for day in (first + timedelta(days=offset) for offset in range(366))
        if _weekly_intervals(day, zone) and not _less_leaves(_weekly_intervals(day, zone))
    ]
    start = datetime.combine(first, datetime.min.time(), zone)
    return OpeningWindows.of(
        TZ,
        OPENING,
        closures=closures,
        windows=windows,
        horizon=(start, start + timedelta(days=HORIZON_DAYS)),
    ).to_json()


def encoding_vectors():
    out = []
    for key, code, venue, kind in (("k1", 123456789, 7, "ticket"), ("k2", 1, 0, "card")):
        claims = {
            "key": key,
            "code": code,
            "venue": venue,
            "kind": kind,
            "valid_from": 1795968000,
            "valid_to": 1796054400,
            "nonce": "0001020304050607",
        }
        claims["token"] = arena_token.sign(
            KEYS[key], code, venue, kind, 1795968000, 1796054400, claims["nonce"]
        )
        claims["key_id"] = arena_token.key_id_of(
            arena_token.public_raw(arena_token.private_key_from_seed(KEYS[key]))
        )
        out.append(claims)
    return out


def main():
    vectors = {
        "version": 1,
        "about": "Access decisions that Odoo (sports_access) and hw_proxy must both "
        "reproduce. Generated by scripts/gen_access_vectors.py; times are local to the venue.",
        "keys": KEYS,
        "trusted_keys": ["k1", "k2"],
        "encoding": encoding_vectors(),
        "venue": {
            "tz": TZ,
            "opening": OPENING,
            "leaves": LEAVES,
            "horizon_days": HORIZON_DAYS,
            "hours": venue_hours(),
        },
        "areas": {
            "pool": {"anti_passback": True, "passback_timeout": 0, "sharing_minutes": 3},
            "gym": {"anti_passback": False, "passback_timeout": 0, "sharing_minutes": 0},
            "court": {"anti_passback": True, "passback_timeout": 120, "sharing_minutes": 0},
        },
        "points": {
            # ``price``: the price of an entry there (the point's, else its area's); none
            # when missing.
            "pool-in-1": {"area": "pool", "direction": "in", "price": 30.0},
            "pool-in-2": {"area": "pool", "direction": "in", "price": 30.0},
            "pool-out-1": {"area": "pool", "direction": "out"},
            "gym-in-1": {"area": "gym", "direction": "in"},
            "court-in-1": {"area": "court", "direction": "in"},
            "court-1": {"area": "court", "direction": "both"},
        },
        "cases": CASES,
    }
    path = ROOT / "data" / "access_vectors.json"
    path.write_text(json.dumps(vectors, indent=1, ensure_ascii=False) + "\n")
    print(f"{path}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
