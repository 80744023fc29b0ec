"""When a venue is open: concrete windows for the next days, weekly hours past them.

Odoo computes a venue's open intervals from its working calendar less its leaves
(closures, holidays) and hands them to the proxy in ``sync`` as JSON (``to_json``). The
proxy decides on them offline: inside the horizon the concrete windows are the truth;
past it (a proxy offline for longer than the horizon) the weekly hours apply, less the
closure dates Odoo sent for the months ahead.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

ALWAYS = tuple((day, 0.0, 24.0) for day in range(7))


def as_utc(at: datetime | float) -> datetime:
    """An aware UTC datetime from Unix seconds, a naive UTC or an aware datetime."""
    if isinstance(at, int | float):
        return datetime.fromtimestamp(at, UTC)
    if at.tzinfo is None:
        return at.replace(tzinfo=UTC)
    return at.astimezone(UTC)


def local_day_start(at: datetime | float, tz: str) -> datetime:
    """The start (local midnight, as an aware UTC datetime) of the day in zone ``tz`` that
    holds ``at`` (Unix seconds, naive UTC or aware): where a daily cap's day begins."""
    local = as_utc(at).astimezone(ZoneInfo(tz))
    midnight = datetime.combine(local.date(), time.min, tzinfo=ZoneInfo(tz))
    return midnight.astimezone(UTC)


def _iso(at: datetime) -> str:
    return as_utc(at).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> datetime:
    return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


@dataclass(frozen=True, slots=True)
class OpeningWindows:
    """A venue's opening, as the gate needs it.

    :param tz: the venue's time zone name
    :param weekly: ``(weekday (0 = Monday), hour from, hour to)`` in local time
    :param closures: local dates without any opening although the weekly hours would
        open them (closures, public holidays)
    :param windows: sorted, disjoint ``(start, end)`` aware UTC intervals when the venue
        is open inside ``horizon``
    :param horizon: the ``(start, end)`` the windows cover, or ``None`` for none
    """

    tz: str
    weekly: tuple[tuple[int, float, float], ...] = ALWAYS
    closures: frozenset[date] = field(default_factory=frozenset)
    windows: tuple[tuple[datetime, datetime], ...] = ()
    horizon: tuple[datetime, datetime] | None = None

    @classmethod
    def of(
        cls,
        tz: str,
        weekly: Iterable[Iterable[Any]] = ALWAYS,
        closures: Iterable[date] = (),
        windows: Iterable[tuple[datetime, datetime]] = (),
        horizon: tuple[datetime, datetime] | None = None,
    ) -> OpeningWindows:
        """Build one from plain values; naive datetimes are UTC."""
        ZoneInfo(tz)  # an unknown zone fails here, not at the gate
        return cls(
            tz=tz,
            weekly=tuple(sorted((int(d), float(f), float(t)) for d, f, t in weekly)),
            closures=frozenset(closures),
            windows=tuple(sorted((as_utc(start), as_utc(end)) for start, end in windows)),
            horizon=(as_utc(horizon[0]), as_utc(horizon[1])) if horizon else None,
        )

    def is_open(self, at: datetime | float) -> bool:
        """Whether the venue is open at ``at`` (Unix seconds, naive UTC or aware)."""
        at = as_utc(at)
        if self.horizon and self.horizon[0] <= at < self.horizon[1]:
            index = bisect.bisect_right(self.windows, (at, at)) - 1
            # Windows are disjoint: only the last one starting at or before ``at`` can hold it.
            candidates = self.windows[max(index, 0) : index + 2]
            return any(start <= at < end for start, end in candidates)
        local = at.astimezone(ZoneInfo(self.tz))
        if local.date() in self.closures:
            return False
        hour = local.hour + local.minute / 60 + local.second / 3600
        weekday = local.weekday()
        return any(day == weekday and start <= hour < end for day, start, end in self.weekly)

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``sync``'s venue fields ``tz``, ``opening``, ``closures``,
        ``windows`` and ``horizon`` (times in UTC, ``Z`` suffixed)."""
        return {
            "tz": self.tz,
            "opening": [list(item) for item in self.weekly],
            "closures": sorted(day.isoformat() for day in self.closures),
            "windows": [[_iso(start), _iso(end)] for start, end in self.windows],
            "horizon": [_iso(self.horizon[0]), _iso(self.horizon[1])] if self.horizon else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OpeningWindows:
        """Read ``to_json``'s output (or a venue of ``sync``; missing keys mean weekly
        hours only, and missing weekly hours mean always open, as in ``of``). Raises
        ``ValueError``/``KeyError``/``TypeError`` on bad data."""
        horizon = data.get("horizon")
        weekly = data.get("opening")
        return cls.of(
            tz=data["tz"],
            # An empty list is weekly hours that never open; no list at all is ``of``'s default.
            weekly=ALWAYS if weekly is None else weekly,
            closures=(date.fromisoformat(day) for day in data.get("closures") or ()),
            windows=((_parse(start), _parse(end)) for start, end in data.get("windows") or ()),
            horizon=(_parse(horizon[0]), _parse(horizon[1])) if horizon else None,
        )
