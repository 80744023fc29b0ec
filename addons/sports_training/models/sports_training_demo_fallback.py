from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SportsTrainingDemo(models.AbstractModel):
    """Plain creates the demo uses for a flow of the addon that is not installed: they
    write what the flow would, so that the demo stays coherent (``seats_taken`` counts
    the live enrolments, seats exist for the planned sessions)."""

    _inherit = "sports.training.demo"

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

    @api.model
    def _fallback_open(self, course):
        if not course.product_id:
            course.product_id = self.env["product.product"].create(
                {
                    "name": course.name,
                    "type": "service",
                    "list_price": course.price,
                    "company_id": course.company_id.id,
                    "sale_ok": True,
                }
            )
        course.state = "open"

    @api.model
    def _fallback_enrol(self, course, attendee, payer, channel):
        """A confirmed enrolment when the guarded UPDATE finds a seat, else a waitlisted
        one."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE sports_training_course SET seats_taken = seats_taken + 1 "
                "WHERE id = %s AND seats_taken < capacity RETURNING id",
                course.id,
            )
        )
        seated = bool(self.env.cr.fetchone())
        course.invalidate_recordset(["seats_taken"])
        amount = course.price
        if course.price_mode == "session":
            amount *= len(course.session_ids.filtered(lambda s: s.state == "planned"))
        enrolment = self.env["sports.training.enrolment"].create(
            {
                "course_id": course.id,
                "partner_id": attendee.id,
                "parent_partner_id": payer.id,
                "channel": channel,
                "amount": amount,
                "state": "confirmed" if seated else "waitlist",
                "waitlist_at": False if seated else fields.Datetime.now(),
            }
        )
        if seated:
            self._fallback_seats(enrolment)
        return enrolment

    @api.model
    def _fallback_seats(self, enrolment):
        now = fields.Datetime.now()
        sessions = enrolment.course_id.session_ids.filtered(
            lambda s: s.state == "planned" and s.start_at > now
        )
        self.env["sports.training.attendance"].create(
            [{"session_id": s.id, "enrolment_id": enrolment.id} for s in sessions]
        )

    @api.model
    def _fallback_statement(self, coach, date_from, date_to):
        """The coach's statement by the rule: per session taught, per attendee present,
        or a percentage of the lesson revenue (a term price spread over its sessions)."""
        venue = self.env.ref("sports_venue.venue_csc")
        start = venue._to_utc(fields.Datetime.to_datetime(date_from))
        end = venue._to_utc(fields.Datetime.to_datetime(date_to + timedelta(days=1)))
        sessions = self.env["sports.training.session"].search(
            [
                ("coach_id", "=", coach.id),
                ("state", "=", "done"),
                ("start_at", ">=", start),
                ("start_at", "<", end),
            ]
        )
        lines = []
        for session in sessions:
            course = session.course_id
            attendees = session.attendee_count
            per_seat = course.price
            if course.price_mode == "term":
                per_seat = course.price / max(len(course.session_ids), 1)
            revenue = round(per_seat * attendees, 2)
            if coach.commission_mode == "session":
                amount = coach.commission_rate
            elif coach.commission_mode == "attendee":
                amount = coach.commission_rate * attendees
            else:
                amount = round(revenue * coach.commission_rate / 100, 2)
            lines.append(
                {
                    "session_id": session.id,
                    "attendees": attendees,
                    "revenue": revenue,
                    "amount": amount,
                }
            )
        return self.env["sports.coach.statement"].create(
            {
                "name": f"{coach.name} {date_from:%Y-%m}",
                "employee_id": coach.id,
                "company_id": coach.company_id.id,
                "date_from": date_from,
                "date_to": date_to,
                "line_ids": [fields.Command.create(vals) for vals in lines],
                "session_count": len(lines),
                "attendee_count": sum(v["attendees"] for v in lines),
                "revenue": sum(v["revenue"] for v in lines),
                "amount": sum(v["amount"] for v in lines),
            }
        )

    @api.model
    def _fallback_confirm_statement(self, statement):
        coach = statement.employee_id
        if coach.coach_kind == "external":
            move = self.env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "partner_id": coach.coach_partner_id.id,
                    "company_id": statement.company_id.id,
                    "invoice_date": statement.date_to,
                    "ref": statement.name,
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "name": statement.name,
                                "quantity": 1,
                                "price_unit": statement.amount,
                                "tax_ids": [fields.Command.clear()],
                            }
                        )
                    ],
                }
            )
            statement.write({"move_id": move.id, "state": "confirmed"})
        else:
            payroll = self.env["sports.coach.payroll.input"].create(
                {
                    "employee_id": coach.id,
                    "statement_id": statement.id,
                    "date": statement.date_to,
                    "amount": statement.amount,
                }
            )
            statement.write({"payroll_input_id": payroll.id, "state": "confirmed"})
