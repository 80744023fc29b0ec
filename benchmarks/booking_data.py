"""The data of the booking benchmark: its company, venues, courts and the grid's bookings.

Everything lives in the company "Arena Bench" of the benchmark database; ``prepare`` empties
it of the previous run's venues and bookings (confirmed bookings cannot be deleted through
the ORM, by design, so it goes around it).
"""

import random
from datetime import datetime, timedelta

import pytz
from addon_api import prevalidated_bookings
from harness import TZ, BenchError, bench_company

from odoo.tools import SQL

COMPANY_NAME = "Arena Bench"
PRICE_PER_HOUR = 100.0
BLOCKING_STATES = ("held", "confirmed", "checked_in", "done", "no_show")
NAIVE_TABLE = SQL.identifier("bench_naive_occupancy")
GRID_FULL_COURTS = 3  # each with two halves: 9 spaces
GRID_SIMPLE_COURTS = 21  # 30 spaces in all, 27 atomic units
GRID_DAYS = 7


def prepare(bench):
    """The benchmark company, emptied of the previous run's venues and bookings."""
    env = bench.env
    company, admin = bench_company(env, COMPANY_NAME)
    env.flush_all()
    # Bookings that are confirmed cannot be deleted through the ORM (by design): go around it.
    for table, column in (("mail_message", "model"), ("mail_followers", "res_model")):
        env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE %s = 'sports.booking' AND res_id IN "
                "(SELECT id FROM sports_booking WHERE company_id = %s)",
                SQL.identifier(table),
                SQL.identifier(column),
                company.id,
            )
        )
    env.cr.execute(SQL("DELETE FROM sports_booking_occupancy WHERE company_id = %s", company.id))
    env.cr.execute(SQL("DELETE FROM sports_booking WHERE company_id = %s", company.id))
    env.invalidate_all()
    env["sports.venue"].with_context(active_test=False).search(
        [("company_id", "=", company.id)]
    ).unlink()
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", NAIVE_TABLE))
    bench.data.update(company=company, admin=admin)


def create_venue(env, company, code, slot_minutes):
    venue = env["sports.venue"].create(
        {
            "name": f"Bench {code}",
            "code": code,
            "company_id": company.id,
            "tz": TZ,
            "booking_slot_minutes": slot_minutes,
            "booking_min_minutes": slot_minutes,
            "booking_max_minutes": 240,
        }
    )
    env["sports.price.rule"].create(
        {"name": "Bench price", "venue_id": venue.id, "price_per_hour": PRICE_PER_HOUR}
    )
    return venue


def create_full_court(env, venue, code):
    """A full court made of two halves: {code: full, code1: half, code2: half}."""
    Space = env["sports.space"]
    halves = Space.create(
        [{"name": f"Court {code}{i}", "code": f"{code}{i}", "venue_id": venue.id} for i in (1, 2)]
    )
    full = Space.create(
        {
            "name": f"Court {code}",
            "code": code,
            "venue_id": venue.id,
            "component_ids": [(6, 0, halves.ids)],
        }
    )
    return {code: full, f"{code}1": halves[0], f"{code}2": halves[1]}


def local_day_start(day_offset):
    """UTC naive datetime of local midnight ``day_offset`` days from today at the venues."""
    tz = pytz.timezone(TZ)
    today = datetime.now(pytz.utc).astimezone(tz).date()
    local = tz.localize(datetime.combine(today + timedelta(days=day_offset), datetime.min.time()))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def units_of(env, spaces):
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT space_id, array_agg(unit_id ORDER BY unit_id) FROM sports_space_unit_rel "
            "WHERE space_id = ANY(%s) GROUP BY space_id",
            spaces.ids,
        )
    )
    return dict(env.cr.fetchall())


def setup_grid(env, company, bookings, seed):
    """The grid venue with its 30 spaces and ``bookings`` non-overlapping bookings of 30 or
    60 minutes over the next 7 days, created in batches through ``create()``."""
    venue = create_venue(env, company, "BENCHG", 30)
    spaces = env["sports.space"]
    for i in range(GRID_FULL_COURTS):
        for space in create_full_court(env, venue, f"F{i}").values():
            spaces |= space
    spaces |= env["sports.space"].create(
        [
            {"name": f"Court S{i:02d}", "code": f"S{i:02d}", "venue_id": venue.id}
            for i in range(GRID_SIMPLE_COURTS)
        ]
    )
    units = units_of(env, spaces)
    day0 = local_day_start(1)
    taken = {unit: bytearray(GRID_DAYS * 48) for us in units.values() for unit in us}
    rng = random.Random(seed)
    vals_list = []
    tries = 0
    while len(vals_list) < bookings:
        tries += 1
        if tries > bookings * 50:
            raise BenchError(f"could only place {len(vals_list)} of {bookings} bookings")
        space_id = rng.choice(spaces.ids)
        length = 2 if rng.random() < 0.25 else 1
        day = rng.randrange(GRID_DAYS)
        first = day * 48 + rng.randrange(48 - length + 1)
        cells = range(first, first + length)
        if any(taken[u][c] for u in units[space_id] for c in cells):
            continue
        for u in units[space_id]:
            for c in cells:
                taken[u][c] = 1
        start = day0 + timedelta(minutes=30 * first)
        vals_list.append(
            {
                "name": f"BENCH-{len(vals_list) + 1:05d}",
                "space_id": space_id,
                "start_at": start,
                "end_at": start + timedelta(minutes=30 * length),
                "state": "confirmed",
                "channel": "backend",
                "amount_total": PRICE_PER_HOUR * length / 2,
            }
        )
    Booking = prevalidated_bookings(env["sports.booking"])
    for i in range(0, len(vals_list), 500):
        Booking.create(vals_list[i : i + 500])
    env.flush_all()
    # The occupancy must be exactly one row per unit of each booking, and overlap-free.
    env.cr.execute(
        SQL(
            """
        SELECT (SELECT count(*) FROM sports_booking b
                  JOIN sports_space_unit_rel u ON u.space_id = b.space_id
                 WHERE b.venue_id = %(venue)s),
               (SELECT count(*) FROM sports_booking_occupancy o
                  JOIN sports_booking b ON b.id = o.booking_id
                 WHERE b.venue_id = %(venue)s AND o.is_blocking)
        """,
            venue=venue.id,
        )
    )
    expected_rows, rows = env.cr.fetchone()
    if expected_rows != rows:
        raise BenchError(f"occupancy has {rows} rows, the bookings need {expected_rows}")
    env.cr.commit()
    return venue, spaces, day0
