from __future__ import annotations

from datetime import UTC, date, datetime

from arena_access import OpeningWindows
from arena_access.hours import ALWAYS, local_day_start

# Shanghai is UTC+8; 2026-11-25 is a Wednesday. Open 06:00-22:00 local every day.
WEEKLY = [(day, 6.0, 22.0) for day in range(7)]


def utc(text):
    return datetime.fromisoformat(text).astimezone(UTC)


def test_weekly_hours_without_windows():
    hours = OpeningWindows.of("Asia/Shanghai", WEEKLY)
    assert hours.is_open(utc("2026-11-25T10:00:00+08:00"))
    assert not hours.is_open(utc("2026-11-25T05:59:59+08:00"))
    assert not hours.is_open(utc("2026-11-25T22:00:00+08:00"))
    # Naive datetimes are UTC; Unix seconds work too.
    assert hours.is_open(datetime(2026, 11, 25, 2, 0))
    assert hours.is_open(utc("2026-11-25T10:00:00+08:00").timestamp())


def test_closure_date_past_the_horizon_is_closed():
    hours = OpeningWindows.of("Asia/Shanghai", WEEKLY, closures=[date(2026, 12, 25)])
    assert not hours.is_open(utc("2026-12-25T10:00:00+08:00"))
    assert hours.is_open(utc("2026-12-26T10:00:00+08:00"))


def test_windows_rule_inside_the_horizon():
    # The 25th opens only 14:00-18:00 (a half-day closure), the 26th not at all.
    hours = OpeningWindows.of(
        "Asia/Shanghai",
        WEEKLY,
        windows=[
            (utc("2026-11-25T14:00:00+08:00"), utc("2026-11-25T18:00:00+08:00")),
            (utc("2026-11-27T06:00:00+08:00"), utc("2026-11-27T22:00:00+08:00")),
        ],
        horizon=(utc("2026-11-25T00:00:00+08:00"), utc("2026-11-28T00:00:00+08:00")),
    )
    assert not hours.is_open(utc("2026-11-25T10:00:00+08:00"))
    assert hours.is_open(utc("2026-11-25T14:00:00+08:00"))
    assert not hours.is_open(utc("2026-11-25T18:00:00+08:00"))
    assert not hours.is_open(utc("2026-11-26T10:00:00+08:00"))
    assert hours.is_open(utc("2026-11-27T06:00:00+08:00"))
    # Past the horizon: weekly hours again.
    assert hours.is_open(utc("2026-11-28T10:00:00+08:00"))


def test_json_round_trip():
    hours = OpeningWindows.of(
        "Asia/Shanghai",
        WEEKLY,
        closures=[date(2026, 12, 25)],
        windows=[(datetime(2026, 11, 24, 22), datetime(2026, 11, 25, 14))],
        horizon=(datetime(2026, 11, 24, 16), datetime(2026, 12, 8, 16)),
    )
    data = hours.to_json()
    assert data["windows"] == [["2026-11-24T22:00:00Z", "2026-11-25T14:00:00Z"]]
    assert data["closures"] == ["2026-12-25"]
    assert OpeningWindows.from_json(data) == hours


def test_sync_venue_without_windows_reads_as_weekly_hours():
    hours = OpeningWindows.from_json({"id": 1, "tz": "Asia/Shanghai", "opening": WEEKLY})
    assert hours.horizon is None and hours.is_open(utc("2026-11-25T10:00:00+08:00"))


def test_from_json_without_opening_is_always_open_like_of():
    # Missing keys mean weekly hours only; missing weekly hours mean of()'s default.
    hours = OpeningWindows.from_json({"tz": "Asia/Shanghai"})
    assert hours == OpeningWindows.of("Asia/Shanghai")
    assert hours.weekly == ALWAYS
    assert hours.is_open(utc("2026-11-25T03:00:00+08:00"))
    assert hours.is_open(utc("2030-01-01T23:30:00+08:00"))
    # Explicit empty weekly hours still mean never open.
    assert not OpeningWindows.from_json({"tz": "Asia/Shanghai", "opening": []}).is_open(
        utc("2026-11-25T10:00:00+08:00")
    )


def test_local_day_start():
    # 01:30 in Shanghai on the 25th is 17:30 UTC on the 24th; its day began at 16:00 UTC.
    at = utc("2026-11-25T01:30:00+08:00")
    assert local_day_start(at, "Asia/Shanghai") == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
    assert local_day_start(at.timestamp(), "Asia/Shanghai") == local_day_start(at, "Asia/Shanghai")
    assert local_day_start(at, "UTC") == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    # A daylight-saving day: Berlin's 2026-03-29 began at 23:00 UTC the day before.
    berlin = utc("2026-03-29T12:00:00+02:00")
    assert local_day_start(berlin, "Europe/Berlin") == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
