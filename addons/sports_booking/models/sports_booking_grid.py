import math
from datetime import time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.sports_venue.tools import inputs

# Shown when a venue has no opening hours, or none on the chosen day.
FALLBACK_OPEN = time(6, 0)
FALLBACK_CLOSE = time(22, 0)


class SportsBookingGrid(models.AbstractModel):
    """Data of the backend day grid: spaces (rows) by time slots (columns).

    A cell of a space is taken by a booking of the space itself, or *blocked* by a
    booking of a space sharing one of its units (a full-court booking blocks both
    halves, a half-court booking blocks the full court). Both come from the occupancy
    table in one query, so the grid shows exactly what the exclusion constraint
    enforces.
    """

    _name = "sports.booking.grid"
    _description = "Booking Grid"

    @api.model
    def get_grid(self, venue_id=False, date_str=False):
        """The day grid of ``venue_id`` on the local date ``date_str`` (``YYYY-MM-DD``).

        Without a venue, the first venue the user may read; without a date, today at the
        venue. Times are given in venue local time (``HH:MM``, minutes since local
        midnight) and in UTC (``YYYY-MM-DD HH:MM:SS``, as the ORM writes them).
        """
        # The grid shows bookings (read from the occupancy table in SQL): whoever may not
        # read them (a bureau, which sees aggregates only) is refused here.
        self.env["sports.booking"].check_access("read")
        Venue = self.env["sports.venue"]
        venues = Venue.search_fetch([], ["name"])
        venue = self._grid_venue(venue_id, venues)
        result = {
            "venues": [{"id": v.id, "name": v.name} for v in venues],
            "venue": False,
            "date": False,
            "day_start_utc": False,
            "today": False,
            "open": False,
            "step_minutes": 60,
            "slots": [],
            "spaces": [],
            "bookings": [],
            "blocks": [],
            "currency_id": False,
        }
        if not venue:
            return result
        today = venue._local_date(fields.Datetime.now())
        day = self._grid_date(date_str) or today
        spaces = self.env["sports.space"].search(
            [("venue_id", "=", venue.id), ("bookable", "=", True)],
            order="area_id, sequence, name, id",
        )
        step = (
            math.gcd(venue.booking_slot_minutes, *(space._slot_minutes() for space in spaces)) or 60
        )
        day_start, day_end = venue._day_bounds(day)
        opening = self._grid_opening(venue, day_start, day_end)
        first, last = self._grid_range(opening, day_start, step)
        bookings, blocks = [], []
        if spaces:
            bookings, blocks = self._grid_occupancy(venue, spaces, day_start, day_end)
        # Bookings made outside the opening hours (closures, changed hours) stay visible.
        for item in bookings + blocks:
            first = min(first, item["from_minute"] // step * step)
            last = max(last, -(-item["to_minute"] // step) * step)
        result.update(
            venue={
                "id": venue.id,
                "name": venue.name,
                "tz": venue._tz_name(),
                "slot_minutes": venue.booking_slot_minutes,
            },
            date=fields.Date.to_string(day),
            day_start_utc=fields.Datetime.to_string(day_start),
            today=fields.Date.to_string(today),
            open=opening is None or bool(opening),
            step_minutes=step,
            slots=self._grid_slots(venue, day_start, first, last, step, opening),
            spaces=[
                {
                    "id": space.id,
                    "name": space.display_name,
                    "area": space.area_id.name or "",
                    "slot_minutes": space._slot_minutes(),
                    "min_minutes": space._min_minutes(),
                    "max_minutes": space._max_minutes(),
                    "is_composite": space.is_composite,
                }
                for space in spaces
            ],
            bookings=bookings,
            blocks=blocks,
            currency_id=venue.company_id.currency_id.id,
        )
        return result

    # ------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------
    @api.model
    def _grid_venue(self, venue_id, venues):
        if venue_id is None or venue_id is False or (type(venue_id) is int and venue_id == 0):
            return venues[:1]
        if isinstance(venue_id, bool) or not isinstance(venue_id, int):
            raise UserError(_("Choose a venue from the list."))
        venue = inputs.record(self.env, "sports.venue", venue_id, _("The venue"))
        venue.check_access("read")
        return venue

    @api.model
    def _grid_date(self, date_str):
        return inputs.day(self.env, date_str, _("The date"), required=False) or False

    @api.model
    def _grid_opening(self, venue, day_start, day_end):
        """The opening intervals (naive UTC) of ``venue`` within a local day; ``None``
        when the venue has no opening hours (always open)."""
        if not venue.resource_calendar_id:
            return None
        return venue._open_intervals(day_start, day_end)

    @api.model
    def _grid_range(self, opening, day_start, step):
        """Minutes since local midnight of the first and last grid line: the first and
        last open hour of the day, or the fallback hours."""
        if opening:
            first = min(self._minutes_since(day_start, start) for start, _stop in opening)
            last = max(self._minutes_since(day_start, stop) for _start, stop in opening)
            first = first // 60 * 60
            last = min(-(-last // 60) * 60, 24 * 60)
        else:
            first = FALLBACK_OPEN.hour * 60 + FALLBACK_OPEN.minute
            last = FALLBACK_CLOSE.hour * 60 + FALLBACK_CLOSE.minute
        # Grid lines fall on whole steps since midnight, as bookings do.
        first = first // step * step
        last = -(-last // step) * step
        return first, last

    @api.model
    def _minutes_since(self, day_start, moment):
        return int((moment - day_start).total_seconds() // 60)

    @api.model
    def _grid_slots(self, venue, day_start, first, last, step, opening):
        slots = []
        for minute in range(first, last, step):
            start = day_start + timedelta(minutes=minute)
            end = start + timedelta(minutes=step)
            is_open = opening is None or any(
                o_start <= start and end <= o_stop for o_start, o_stop in opening
            )
            slots.append(
                {
                    "minute": minute,
                    "start": f"{venue._localize(start):%H:%M}",
                    "end": f"{venue._localize(end):%H:%M}",
                    "start_utc": fields.Datetime.to_string(start),
                    "end_utc": fields.Datetime.to_string(end),
                    "open": is_open,
                }
            )
        return slots

    @api.model
    def _grid_occupancy(self, venue, spaces, day_start, day_end):
        """Bookings of ``spaces`` and cells they block, overlapping the local day, from
        the one availability query of ``sports.space``."""
        availability = spaces._booking_availability(day_start, day_end)
        # The space of a blocking booking may not be on the grid (not bookable): read the
        # names of all of them at once.
        names = {
            space.id: space.display_name
            for space in self.env["sports.space"].browse(
                {item["space_id"] for items in availability.values() for item in items}
            )
        }
        items = sorted(
            ((space_id, item) for space_id, items in availability.items() for item in items),
            key=lambda pair: (pair[1]["start_at"], pair[1]["booking_id"], pair[0]),
        )
        bookings, blocks = [], []
        for grid_space_id, item in items:
            times = self._grid_times(venue, day_start, item)
            if item["own"]:
                bookings.append(
                    {
                        "id": item["booking_id"],
                        "name": item["name"],
                        "space_id": item["space_id"],
                        "state": item["state"],
                        "kind": item["kind"],
                        "partner_name": item["partner_name"],
                        "amount": item["amount"],
                        **times,
                    }
                )
            else:
                blocks.append(
                    {
                        "space_id": grid_space_id,
                        "booking_id": item["booking_id"],
                        "booking_name": item["name"],
                        "booking_space_id": item["space_id"],
                        "booking_space_name": names.get(item["space_id"], ""),
                        "kind": item["kind"],
                        "state": item["state"],
                        "label": _("Occupied by %(booking)s", booking=item["name"]),
                        **times,
                    }
                )
        return bookings, blocks

    @api.model
    def _grid_times(self, venue, day_start, item):
        """Local and UTC forms of a booking's times; ``from_minute``/``to_minute`` place
        what it occupies on the day (minutes since local midnight, clipped to the day)."""
        start_local = venue._localize(item["start_at"])
        end_local = venue._localize(item["end_at"])
        return {
            "start": f"{start_local:%H:%M}",
            "end": f"{end_local:%H:%M}",
            "start_date": fields.Date.to_string(start_local.date()),
            "end_date": fields.Date.to_string(end_local.date()),
            "start_utc": fields.Datetime.to_string(item["start_at"]),
            "end_utc": fields.Datetime.to_string(item["end_at"]),
            "from_minute": max(self._minutes_since(day_start, item["busy_from"]), 0),
            "to_minute": min(self._minutes_since(day_start, item["busy_to"]), 24 * 60),
        }
