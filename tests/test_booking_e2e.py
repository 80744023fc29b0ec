"""The booking service and the light schedule over the JSON-2 API, as the proxy and POS
will call them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import json2


def _slot(days, hour):
    """A UTC 'YYYY-mm-dd HH:MM:SS' for ``hour`` o'clock Shanghai time ``days`` from now."""
    shanghai = timezone(timedelta(hours=8))
    local = datetime.now(shanghai).replace(hour=hour, minute=0, second=0, microsecond=0)
    utc = (local + timedelta(days=days)).astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def tennis_court(odoo_url, admin_api_key):
    status, ids = json2(
        odoo_url, admin_api_key, "sports.space", "search", domain=[["code", "=", "TN1"]]
    )
    assert status == 200 and len(ids) == 1
    return ids[0]


def test_book_then_light_schedule_then_cancel(odoo_url, admin_api_key, tennis_court):
    # Day 6 at 06:00 local: the demo week never books that early.
    start, end = _slot(6, 6), _slot(6, 7)
    partner = json2(  # a demo guest
        odoo_url, admin_api_key, "res.partner", "search", domain=[["phone", "=", "+8618612340004"]]
    )[1][0]
    status, booking_ids = json2(
        odoo_url,
        admin_api_key,
        "sports.booking",
        "book",
        space_id=tennis_court,
        start_at=start,
        end_at=end,
        partner_id=partner,
    )
    assert status == 200, booking_ids
    (booking,) = json2(
        odoo_url,
        admin_api_key,
        "sports.booking",
        "read",
        ids=booking_ids,
        fields=["state", "amount_total"],
    )[1]
    assert booking["state"] == "confirmed"
    assert booking["amount_total"] == 60.0  # tennis court, daytime price 60/h

    status, schedule = json2(
        odoo_url,
        admin_api_key,
        "sports.space",
        "light_schedule",
        venue="CSC",
        date_from=_slot(6, 5),
        date_to=_slot(6, 8),
    )
    assert status == 200
    lights = [s for s in schedule if s["device"] == "light-tn1"]
    assert len(lights) == 1
    assert lights[0]["on_at"].startswith(_slot(6, 5)[:10])

    # The same slot again is refused with a clear message naming the first booking.
    status, error = json2(
        odoo_url,
        admin_api_key,
        "sports.booking",
        "book",
        space_id=tennis_court,
        start_at=start,
        end_at=end,
        partner_id=partner,
    )
    assert status == 422 or status >= 400
    assert "already booked" in str(error)

    status, _ = json2(odoo_url, admin_api_key, "sports.booking", "action_cancel", ids=booking_ids)
    assert status == 200
    status, schedule = json2(
        odoo_url,
        admin_api_key,
        "sports.space",
        "light_schedule",
        venue="CSC",
        date_from=_slot(6, 5),
        date_to=_slot(6, 8),
    )
    assert [s for s in schedule if s["device"] == "light-tn1"] == []


def test_tampered_price_is_refused_over_the_api(odoo_url, admin_api_key, tennis_court):
    status, error = json2(
        odoo_url,
        admin_api_key,
        "sports.booking",
        "book",
        space_id=tennis_court,
        start_at=_slot(6, 7),
        end_at=_slot(6, 8),
        channel="portal",
        expected_amount=0.01,
    )
    assert status >= 400
    assert "0.01" in str(error) and "60.00" in str(error)


def test_closure_day_is_refused_over_the_api(odoo_url, admin_api_key, tennis_court):
    """Time off on the venue's calendar closes a normally open day for bookings."""
    status, venues = json2(
        odoo_url,
        admin_api_key,
        "sports.venue",
        "search_read",
        domain=[["code", "=", "CSC"]],
        fields=["resource_calendar_id"],
    )
    assert status == 200 and venues[0]["resource_calendar_id"]
    # Day 5, all of it in Shanghai time (UTC+8).
    day_start, day_end = _slot(5, 0), _slot(6, 0)
    status, leave_ids = json2(
        odoo_url,
        admin_api_key,
        "resource.calendar.leaves",
        "create",
        vals_list=[
            {
                "name": "Arena e2e closure",
                "calendar_id": venues[0]["resource_calendar_id"][0],
                "date_from": day_start,
                "date_to": day_end,
            }
        ],
    )
    assert status == 200, leave_ids
    try:
        status, error = json2(
            odoo_url,
            admin_api_key,
            "sports.booking",
            "book",
            space_id=tennis_court,
            start_at=_slot(5, 10),
            end_at=_slot(5, 11),
        )
        assert status >= 400
        assert "closed" in str(error)
    finally:
        json2(odoo_url, admin_api_key, "resource.calendar.leaves", "unlink", ids=leave_ids)
    # Open again without the closure.
    status, booking_ids = json2(
        odoo_url,
        admin_api_key,
        "sports.booking",
        "book",
        space_id=tennis_court,
        start_at=_slot(5, 6),
        end_at=_slot(5, 7),
    )
    assert status == 200, booking_ids
    json2(odoo_url, admin_api_key, "sports.booking", "action_cancel", ids=booking_ids)
