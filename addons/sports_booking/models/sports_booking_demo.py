import random
import uuid
from datetime import datetime, time, timedelta

from odoo import api, fields, models


class SportsBookingDemo(models.AbstractModel):
    """Demo data that depends on the day the database is created."""

    _name = "sports.booking.demo"
    _description = "Booking Demo Data"

    @api.model
    def _create_week(self, venue_id, block_note=False, series_note=False):
        """A deterministic, realistic week of bookings around today for the demo venue:
        past days are played out, the coming days are booked, with a closure of court TN3
        (``block_note``) and a school team's weekly series on BB2 (``series_note``)."""
        venue = self.env["sports.venue"].browse(venue_id)
        rng = random.Random(20261125)
        ref = self.env.ref
        people = [
            ref(f"sports_booking.{x}")
            for x in (
                "partner_member_chen",
                "partner_member_liu",
                "partner_guest_zhou",
                "partner_guest_wu",
                "partner_guest_zheng",
                "partner_club_badminton",
            )
        ]
        courts = venue.space_ids.filtered(lambda s: s.bookable and s.kind in ("court", "field"))
        now = fields.Datetime.now()
        today = venue._local_date(now)
        taken = {}  # unit id -> [(start, end)]
        Rule = self.env["sports.price.rule"]
        vals_list = []

        def at(day, hour):
            return venue._to_utc(datetime.combine(day, time(hour)))

        def free(space, start, end):
            return all(
                not (start < e and s < end)
                for unit in space.unit_ids
                for s, e in taken.get(unit.id, [])
            )

        def plan(space, start, end, partner, state, channel="backend", **extra):
            for unit in space.unit_ids:
                taken.setdefault(unit.id, []).append((start, end))
            vals_list.append(
                {
                    "space_id": space.id,
                    "start_at": start,
                    "end_at": end,
                    "partner_id": partner.id if partner else False,
                    "channel": channel,
                    "state": state,
                    "amount_total": Rule._compute_price(space, start, end, partner)
                    if partner
                    else 0,
                    **extra,
                }
            )

        # A closure and a school team's weekly series come first.
        maintenance = courts.filtered(lambda s: s.code == "TN3")
        if maintenance:
            start = at(today + timedelta(days=2), 8)
            plan(
                maintenance,
                start,
                start + timedelta(hours=4),
                None,
                "confirmed",
                kind="block",
                notes=block_note,
            )
        school = ref("sports_booking.partner_club_school")
        full_court = courts.filtered(lambda s: s.code == "BB2")
        key = uuid.uuid4().hex
        for week in range(4):
            start = at(today + timedelta(days=(2 - today.weekday()) % 7 + 7 * week), 16)
            if full_court and free(full_court, start, start + timedelta(hours=2)):
                plan(
                    full_court,
                    start,
                    start + timedelta(hours=2),
                    school,
                    "confirmed",
                    recurrence_key=key,
                    notes=series_note,
                )
        for offset in range(-3, 4):
            day = today + timedelta(days=offset)
            for space in courts:
                for hour in sorted(rng.sample(range(8, 22), 5)):
                    hours = rng.choice((1, 1, 2))
                    if hour + hours > 22:
                        continue
                    start = at(day, hour)
                    end = start + timedelta(hours=hours)
                    if rng.random() < 0.45 or not free(space, start, end):
                        continue
                    partner = rng.choice(people)
                    if end <= now:
                        state = rng.choices(("done", "no_show", "cancelled"), (85, 8, 7))[0]
                    elif start <= now:
                        state = "checked_in"
                    else:
                        state = rng.choices(("confirmed", "held"), (95, 5))[0]
                    channel = rng.choice(("portal", "portal", "backend"))
                    extra = {}
                    if state == "held":
                        channel = "portal"
                        extra["hold_expires_at"] = now + timedelta(minutes=15)
                    if state == "checked_in":
                        extra["checked_in_at"] = start
                    plan(space, start, end, partner, state, channel, **extra)
        # sudo: demo bookings are planned above, past ones included, which the booking
        # rules refuse; a superuser create is trusted server code and skips them.
        self.env["sports.booking"].sudo().with_context(
            tracking_disable=True, mail_create_nolog=True
        ).create(vals_list)
