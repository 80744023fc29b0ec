from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from arena_access import REASONS, Facts, Passage, decide, direction_at

AT = datetime(2026, 11, 25, 2, 0)
POINT = {
    "id": 1,
    "company_id": 1,
    "venue_id": 1,
    "area_id": 10,
    "direction": "in",
    "anti_passback": True,
    "passback_timeout": 0,
    "sharing_minutes": 3,
}
ENTITLEMENT = {
    "state": "active",
    "company_id": 1,
    "venue_ids": [1],
    "area_ids": [],
    "valid_from": AT - timedelta(hours=1),
    "valid_to": AT + timedelta(hours=1),
    "uses_left": None,
    "daily_cap": 0,
    "opening_hours": True,
}
ACTIVE = {"state": "active"}
NO_PAST = Facts()


def run(point=None, credential=ACTIVE, facts=NO_PAST, is_open=True, **entitlement):
    return decide(
        AT,
        dict(POINT, **(point or {})),
        credential,
        dict(ENTITLEMENT, **entitlement),
        facts,
        is_open,
    )


def entry(minutes_ago, point_id=1, area_id=10, direction="in"):
    return Passage(AT - timedelta(minutes=minutes_ago), point_id, area_id, direction)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({}, None),
        ({"credential": None}, "unknown_credential"),
        ({"credential": {"state": "revoked"}}, "revoked"),
        ({"state": "frozen"}, "frozen"),
        ({"valid_from": AT + timedelta(seconds=1)}, "not_yet_valid"),
        ({"valid_to": AT}, "expired"),
        ({"valid_from": None, "valid_to": False}, None),
        ({"company_id": 2}, "wrong_area"),
        ({"venue_ids": [2]}, "wrong_area"),
        ({"area_ids": [11]}, "wrong_area"),
        ({"is_open": False}, "closed"),
        ({"is_open": False, "opening_hours": False}, None),
        ({"facts": Facts(last=entry(1, point_id=2))}, "sharing"),
        ({"facts": Facts(last=entry(3, point_id=2))}, None),
        ({"facts": Facts(last=entry(60), last_in_area=entry(60))}, "passback"),
        (
            {
                "facts": Facts(last=entry(60), last_in_area=entry(60)),
                "point": {"passback_timeout": 30},
            },
            None,
        ),
        ({"uses_left": 0}, "no_uses_left"),
        ({"daily_cap": 2, "facts": Facts(entries_today=2)}, "daily_cap"),
        ({"daily_cap": 2, "facts": Facts(entries_today=1)}, None),
    ],
)
def test_each_check(kwargs, reason):
    assert run(**kwargs) == (("granted", None) if reason is None else ("denied", reason))
    assert reason is None or reason in REASONS


def test_an_exit_is_granted_to_a_revoked_expired_credential_on_a_closed_day():
    assert run(
        point={"direction": "out"}, credential={"state": "revoked"}, valid_to=AT, is_open=False
    ) == ("granted", None)


def test_decide_without_facts_gives_decides_first_two_checks():
    from arena_access.rules import decide_without_facts

    active = {"state": "active"}
    assert decide_without_facts("in", None, ENTITLEMENT) == ("denied", "unknown_credential")
    assert decide_without_facts("out", active, None) == ("denied", "unknown_credential")
    assert decide_without_facts("out", {"state": "revoked"}, ENTITLEMENT) == ("granted", None)
    # An entry needs the facts: no early answer, and decide goes on to the other checks.
    assert decide_without_facts("in", active, ENTITLEMENT) is None
    assert run(credential={"state": "revoked"}) == ("denied", "revoked")


def test_two_way_points():
    assert direction_at("in", "out", "in") == "in"
    assert direction_at("both", "out", None) == "out"
    assert direction_at("both", None, "in") == "out"
    assert direction_at("both", None, "out") == "in"
    assert direction_at("both", "sideways", None) == "in"


def test_facts_from_history():
    day_start = AT - timedelta(hours=2)
    passages = [
        entry(200),
        entry(100, area_id=11),
        entry(50, direction="out"),
        entry(-5),  # after the passage: ignored
    ]
    facts = Facts.from_history(passages, AT, 10, day_start)
    assert facts.last == passages[2]
    assert facts.last_in_area == passages[2]
    assert facts.entries_today == 1
