"""The access decision on plain data: one function for Odoo's ``verify`` and the proxy.

The caller gathers the facts (the point, the credential, what it entitles, three facts of
its past passages and whether the venue is open) and gets back ``(decision, reason)``.
``data/access_vectors.json`` holds the cases every caller must decide alike.

Checks run in this order, and the first that fails gives the reason:

1. ``unknown_credential``: nothing is known of the credential (forged or malformed QR
   payloads are refused before, with ``invalid_signature`` or ``malformed``);
2. exits are granted from here on: a genuine credential may always leave, even expired
   or revoked, because a gate must never lock people in;
3. ``revoked`` (refund, cancellation, loss, replacement) or ``frozen`` (a frozen card);
4. ``not_yet_valid`` / ``expired``: outside ``[valid_from, valid_to)``;
5. ``wrong_area``: the point is in another company, venue or area than the entitlement
   opens;
6. ``closed``: the entitlement follows opening hours and the venue is closed (outside its
   hours, or on a closure day or holiday);
7. ``sharing``: the credential's last passage was an entry at another point, within the
   sharing window of this point's area (one card handed on to a second person);
8. ``passback``: the area has anti-passback and the credential's last passage in this
   area was an entry (younger than the timeout, if there is one);
9. ``no_uses_left``: a counted entitlement has no entry left;
10. ``daily_cap``: as many entries today (the venue's local day) as the daily cap;
11. ``card_owes``: the entitlement's holder owes an earlier entry (an offline entry of a
    stored-value card that its balance could no longer pay, see ``owes``);
12. ``no_price`` / ``insufficient_balance``: an entitlement that pays per entry (a
    stored-value card, ``balance`` is not ``None``) enters only at a point with a price,
    and only when its balance covers that price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

GRANTED = ("granted", None)
DIRECTIONS = ("in", "out")
# Money is compared to the cent: a balance of 29.999999 (a float sum) covers a price of 30.
CENT = 0.005


@dataclass(frozen=True, slots=True)
class Passage:
    """A granted passage of a credential (of its entitlement)."""

    at: datetime
    point_id: int
    area_id: int | None
    direction: str


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules read of a credential's past, each one indexed query on either side:
    its last granted passage, its last granted passage in the point's area, and its
    granted entries since the start of the venue's local day (all up to the passage)."""

    last: Passage | None = None
    last_in_area: Passage | None = None
    entries_today: int = 0

    @classmethod
    def from_history(
        cls, passages: Iterable[Passage], at: datetime, area_id: int | None, day_start: datetime
    ) -> Facts:
        """The facts of a whole history (oldest first), for tests and small callers."""
        earlier = [passage for passage in passages if passage.at <= at]
        in_area = [passage for passage in earlier if passage.area_id == area_id]
        return cls(
            last=earlier[-1] if earlier else None,
            last_in_area=in_area[-1] if in_area else None,
            entries_today=sum(
                1 for passage in earlier if passage.direction == "in" and passage.at >= day_start
            ),
        )


def direction_at(point_direction: str, requested: str | None, last_in_area: str | None) -> str:
    """The direction of a passage at a point.

    A one-way point gives its own direction. At a two-way point (``both``) the reader may
    say which way (``requested``); otherwise a credential whose last granted passage in
    the area was an entry now leaves, and every other one enters.
    """
    if point_direction in DIRECTIONS:
        return point_direction
    if requested in DIRECTIONS:
        return requested
    return "out" if last_in_area == "in" else "in"


def decide_without_facts(
    direction: str,
    credential: Mapping[str, Any] | None,
    entitlement: Mapping[str, Any] | None,
) -> tuple[str, str | None] | None:
    """``decide``'s first two checks, which need neither facts nor opening hours: the
    decision when nothing is known of the credential or the passage is an exit, else
    ``None``. A caller whose facts cost queries asks this first and gathers them only
    when it answers ``None``; ``decide`` itself starts with it."""
    if not credential or not entitlement:
        return "denied", "unknown_credential"
    if direction == "out":
        return GRANTED
    return None


def decide(
    at: datetime,
    point: Mapping[str, Any],
    credential: Mapping[str, Any] | None,
    entitlement: Mapping[str, Any] | None,
    facts: Facts,
    is_open: bool,
) -> tuple[str, str | None]:
    """Decide one passage.

    :param at: time of the passage (naive UTC or aware, like every other time handed in)
    :param point: ``id``, ``company_id``, ``venue_id``, ``area_id``, ``direction`` (``in``
        or ``out``, already resolved with ``direction_at``), ``anti_passback`` (bool),
        ``passback_timeout`` (minutes, 0 = none), ``sharing_minutes`` (0 = off) and
        ``price`` (the price of an entry; missing, ``None`` or 0 = none)
    :param credential: ``state`` (``active``/``revoked``), or ``None`` when unknown
    :param entitlement: ``state`` (``active``/``revoked``/``frozen``), ``company_id``,
        ``venue_ids`` (empty = every venue of the company), ``area_ids`` (empty = every
        area of those venues), ``valid_from``, ``valid_to`` (either may be ``None`` or
        ``False``),
        ``uses_left`` (``None`` = unlimited), ``daily_cap`` (0 = none),
        ``opening_hours`` (bool), ``balance`` (what a stored-value card may spend; missing
        or ``None`` = it does not pay per entry) and ``owes`` (bool, missing = no), or
        ``None`` when unknown
    :param facts: the credential's past, see ``Facts``
    :param is_open: whether the venue is open at ``at`` (weekly hours less closures)
    :returns: ``("granted", None)`` or ``("denied", reason)``
    """
    early = decide_without_facts(point["direction"], credential, entitlement)
    if early is not None:
        return early
    if credential["state"] == "revoked" or entitlement["state"] == "revoked":
        return "denied", "revoked"
    if entitlement["state"] == "frozen":
        return "denied", "frozen"
    # Unset bounds are None (or False, as Odoo reads an empty datetime).
    if entitlement["valid_from"] and at < entitlement["valid_from"]:
        return "denied", "not_yet_valid"
    if entitlement["valid_to"] and at >= entitlement["valid_to"]:
        return "denied", "expired"
    if (
        point["company_id"] != entitlement["company_id"]
        or (entitlement["venue_ids"] and point["venue_id"] not in entitlement["venue_ids"])
        or (entitlement["area_ids"] and point["area_id"] not in entitlement["area_ids"])
    ):
        return "denied", "wrong_area"
    if entitlement["opening_hours"] and not is_open:
        return "denied", "closed"
    last = facts.last
    if (
        point["sharing_minutes"]
        and last is not None
        and last.direction == "in"
        and last.point_id != point["id"]
        and at - last.at < timedelta(minutes=point["sharing_minutes"])
    ):
        return "denied", "sharing"
    if point["anti_passback"]:
        in_area = facts.last_in_area
        if in_area is not None and in_area.direction == "in":
            timeout = point["passback_timeout"]
            if not timeout or at - in_area.at < timedelta(minutes=timeout):
                return "denied", "passback"
    if entitlement["uses_left"] is not None and entitlement["uses_left"] <= 0:
        return "denied", "no_uses_left"
    if entitlement["daily_cap"] and facts.entries_today >= entitlement["daily_cap"]:
        return "denied", "daily_cap"
    return _payment(point, entitlement)


def _payment(point: Mapping[str, Any], entitlement: Mapping[str, Any]) -> tuple[str, str | None]:
    """The last checks: what the holder owes, and whether a stored value pays the entry."""
    if entitlement.get("owes"):
        return "denied", "card_owes"
    balance = entitlement.get("balance")
    if balance is None:
        return GRANTED
    price = point.get("price") or 0
    if price < CENT:
        return "denied", "no_price"
    if balance < price - CENT:
        return "denied", "insufficient_balance"
    return GRANTED
