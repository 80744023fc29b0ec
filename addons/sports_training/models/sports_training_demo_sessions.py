from odoo import api, fields, models


class SportsTrainingDemo(models.AbstractModel):
    """The term's past sessions, which planning (from now on) leaves out."""

    _inherit = "sports.training.demo"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_sessions(self, course, past_only=False):
        """The sessions of the term (with ``past_only``, those that started before now,
        which planning leaves out), each holding its space by a booking of channel
        ``training``: taught ones are done, as the booking engine's own demo week."""
        venue = course.venue_id
        now = fields.Datetime.now()
        Holiday = self.env["sports.holiday"]
        vals_list = []
        for day in self._days(course.date_start, course.date_end):
            if Holiday._is_holiday(course.company_id, day):
                continue
            for slot in course.slot_ids.filtered(lambda s, d=day: int(s.weekday) == d.weekday()):
                start = self._at(venue, day, slot.hour_from)
                if past_only and start > now:
                    continue
                vals_list.append(
                    {
                        "course_id": course.id,
                        "space_id": (slot.space_id or course.space_id).id,
                        "coach_id": (slot.coach_id or course.coach_id).id,
                        "start_at": start,
                        "end_at": self._at(venue, day, slot.hour_to),
                    }
                )
        sessions = self.env["sports.training.session"].create(vals_list)
        partner = course.company_id.partner_id
        # sudo: server-made demo bookings of the classes' spaces, past ones included, which
        # the booking rules refuse; a superuser create skips them and prices nothing, as
        # the engine's own demo week does.
        bookings = (
            self.env["sports.booking"]
            .sudo()
            .create(
                [
                    {
                        "space_id": session.space_id.id,
                        "start_at": session.start_at,
                        "end_at": session.end_at,
                        "partner_id": partner.id,
                        "channel": "training",
                        "state": "done" if session.end_at <= now else "confirmed",
                        "notes": course.name,
                        "training_session_id": session.id,
                    }
                    for session in sessions
                ]
            )
        )
        for session, booking in zip(sessions, bookings, strict=True):
            session.booking_id = booking
        return sessions
