"""The access decision on plain data, shared by the online ``verify`` and the tests.

``decide`` knows nothing of Odoo: the caller gathers the facts (the credential, what it
entitles, the point and the earlier granted passages of the credential) and gets back
``(decision, reason)``. The hardware proxy implements the same rules on its SQLite cache;
``data/access_vectors.json`` holds the cases both must agree on.

Checks run in this order, and the first that fails gives the reason:

1. ``unknown_credential``: nothing is known of the credential (forged or malformed QR
   payloads are refused before, with ``invalid_signature`` or ``malformed``);
2. exits are granted from here on: a genuine credential may always leave, even expired
   or revoked, because a gate must never lock people in;
3. ``revoked`` (refund, cancellation, loss, replacement) or ``frozen`` (a frozen card);
4. ``not_yet_valid`` / ``expired``: outside ``[valid_from, valid_to)``;
5. ``wrong_area``: the point is in another company, venue or area than the entitlement
   opens;
6. ``closed``: the entitlement follows opening hours and the venue is closed;
7. ``sharing``: the credential's last passage was an entry at another point, within the
   sharing window of this point's area (one card handed on to a second person);
8. ``passback``: the area has anti-passback and the credential's last passage in this
   area was an entry (younger than the timeout, if there is one);
9. ``no_uses_left``: a counted entitlement has no entry left;
10. ``daily_cap``: as many entries today (the venue's local day) as the daily cap.
"""

from datetime import timedelta

REASONS = (
    "unknown_point",
    "malformed",
    "invalid_signature",
    "unknown_credential",
    "revoked",
    "frozen",
    "not_yet_valid",
    "expired",
    "wrong_area",
    "closed",
    "sharing",
    "passback",
    "no_uses_left",
    "daily_cap",
)
GRANTED = ("granted", None)


def decide(at, point, credential, entitlement, history, is_open, local_date):
    """Decide one passage.

    :param at: aware or naive UTC ``datetime`` of the passage
    :param point: dict with ``id``, ``company_id``, ``venue_id``, ``area_id``, ``direction`` (``in`` or
        ``out``, already resolved for a two-way point), ``anti_passback`` (bool),
        ``passback_timeout`` (minutes, 0 = none) and ``sharing_minutes`` (0 = off)
    :param credential: dict with ``state`` (``active``/``revoked``) or ``None``
    :param entitlement: dict with ``state`` (``active``/``revoked``/``frozen``),
        ``company_id``, ``venue_ids`` (empty = every venue of the company), ``area_ids``
        (empty = every area of those venues), ``valid_from``,
        ``valid_to`` (UTC datetimes, either may be ``None``), ``uses_left`` (``None`` =
        unlimited), ``daily_cap`` (0 = none) and ``opening_hours`` (bool)
    :param history: earlier **granted** passages of the credential, oldest first, as dicts
        with ``at``, ``point_id``, ``area_id`` and ``direction``
    :param is_open: callable ``at -> bool`` for the venue's opening hours
    :param local_date: callable ``at -> date`` in the venue's time zone
    :returns: ``("granted", None)`` or ``("denied", reason)``
    """
    if not credential or not entitlement:
        return "denied", "unknown_credential"
    if point["direction"] == "out":
        return GRANTED
    if credential["state"] == "revoked" or entitlement["state"] == "revoked":
        return "denied", "revoked"
    if entitlement["state"] == "frozen":
        return "denied", "frozen"
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
    if entitlement["opening_hours"] and not is_open(at):
        return "denied", "closed"
    earlier = [passage for passage in history if passage["at"] <= at]
    if point["sharing_minutes"] and earlier:
        last = earlier[-1]
        window = timedelta(minutes=point["sharing_minutes"])
        if (
            last["direction"] == "in"
            and last["point_id"] != point["id"]
            and at - last["at"] < window
        ):
            return "denied", "sharing"
    if point["anti_passback"]:
        in_area = [passage for passage in earlier if passage["area_id"] == point["area_id"]]
        if in_area and in_area[-1]["direction"] == "in":
            timeout = point["passback_timeout"]
            if not timeout or at - in_area[-1]["at"] < timedelta(minutes=timeout):
                return "denied", "passback"
    if entitlement["uses_left"] is not None and entitlement["uses_left"] <= 0:
        return "denied", "no_uses_left"
    if entitlement["daily_cap"]:
        today = local_date(at)
        entries = sum(
            1
            for passage in earlier
            if passage["direction"] == "in" and local_date(passage["at"]) == today
        )
        if entries >= entitlement["daily_cap"]:
            return "denied", "daily_cap"
    return GRANTED
