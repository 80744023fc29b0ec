import logging
from datetime import timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.sports_venue.tools import inputs

_logger = logging.getLogger(__name__)

# Writing one of these moves the session: its booking follows and its attendees hear of it.
MOVE_FIELDS = ("start_at", "end_at", "space_id", "coach_id")


class SportsTrainingSession(models.Model):
    """Scheduling of a session: its space booked through the booking engine, its coach
    checked (qualification, availability, no double booking), moving and cancelling with
    notices to the enrolled attendees."""

    _inherit = "sports.training.session"

    cancelled_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When it was cancelled: the commission on cancelled sessions may depend on it.",
    )
    schedule_label = fields.Char(
        string="When (local time)",
        compute="_compute_schedule_label",
        store=True,
        help="The session's day and hours in the venue's time zone, as the notices say it.",
    )

    @api.depends("start_at", "end_at", "course_id.venue_id.tz")
    def _compute_schedule_label(self):
        for session in self:
            venue = session.course_id.venue_id
            if session.start_at and session.end_at and venue:
                start = venue._localize(session.start_at)
                end = venue._localize(session.end_at)
                session.schedule_label = f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"
            else:
                session.schedule_label = False

    # ------------------------------------------------------------------------------------
    # Coach
    # ------------------------------------------------------------------------------------
    def _check_coach(self, coach=None):
        """Raise a UserError unless ``coach`` (default: each session's own) may teach the
        session: a coach, holding a valid certificate of the course's required kind on the
        session's day, and working (own calendar, time off included) during all of it."""
        for session in self:
            employee = coach if coach is not None else session.coach_id
            if not employee:
                continue
            session._check_coach_one(employee)
        return True

    def _check_coach_one(self, employee):
        self.ensure_one()
        env = self.env
        if not employee.is_coach:
            raise UserError(
                env._("%(employee)s is not a coach.", employee=employee.name),
            )
        course = self.course_id
        day = course.venue_id._local_date(self.start_at)
        kind = course.qualification_kind_id
        if kind:
            # sudo: certificates are HR data; planners check them without HR rights.
            certificates = employee.sudo().coach_qualification_ids.filtered(
                lambda q: q.kind_id == kind
            )
            if not certificates:
                raise UserError(
                    env._(
                        "Coach %(coach)s holds no %(kind)s certificate, which %(course)s requires.",
                        coach=employee.name,
                        kind=kind.name,
                        course=course.name,
                    )
                )
            if not certificates.filtered(lambda q: q.date_expiry and q.date_expiry >= day):
                latest = certificates.sorted("date_expiry")[-1]
                raise UserError(
                    env._(
                        "The certificate %(number)s of coach %(coach)s expired on %(date)s: "
                        "renew it before scheduling %(course)s on %(day)s.",
                        number=latest.number,
                        coach=employee.name,
                        date=format_date(env, latest.date_expiry),
                        course=course.name,
                        day=format_date(env, day),
                    )
                )
        # sudo: working hours and time off of the coach are HR data.
        calendar = employee.sudo().resource_calendar_id
        if calendar:
            start = pytz.utc.localize(self.start_at)
            end = pytz.utc.localize(self.end_at)
            resource = employee.sudo().resource_id
            intervals = calendar._work_intervals_batch(start, end, resources=resource)[resource.id]
            covered = sum((i_end - i_start for i_start, i_end, _meta in intervals), timedelta())
            if covered < end - start:
                local = course.venue_id._localize(self.start_at)
                raise UserError(
                    env._(
                        "Coach %(coach)s does not work on %(when)s (%(calendar)s): choose "
                        "another time or coach.",
                        coach=employee.name,
                        when=local.strftime("%Y-%m-%d %H:%M"),
                        calendar=calendar.name,
                    )
                )
        return True

    @api.model
    def _coach_clash_message(self, vals_list, exclude_ids=()):
        """The message for a coach booked twice, naming the other session when it is
        already recorded (``vals_list``: the sessions being written, as values)."""
        for vals in vals_list:
            if not vals.get("coach_id"):
                continue
            other = self.search(
                [
                    ("id", "not in", list(exclude_ids)),
                    ("coach_id", "=", vals["coach_id"]),
                    ("state", "!=", "cancelled"),
                    ("start_at", "<", vals["end_at"]),
                    ("end_at", ">", vals["start_at"]),
                ],
                limit=1,
            )
            if other:
                return self.env._(
                    "Coach %(coach)s already teaches %(session)s at this time.",
                    coach=other.coach_id.name,
                    session=other.name,
                )
        return self.env._("A coach cannot teach two sessions at the same time.")

    @api.model
    def _create_checked(self, vals_list):
        """Create sessions; a coach booked twice (the database's exclusion constraint)
        becomes a UserError naming the other session."""
        try:
            with self.env.cr.savepoint():
                sessions = self.create(vals_list)
                sessions.flush_recordset()
        except psycopg2.errors.ExclusionViolation:
            self.env.invalidate_all()
            raise UserError(self._coach_clash_message(vals_list)) from None
        return sessions

    # ------------------------------------------------------------------------------------
    # Space
    # ------------------------------------------------------------------------------------
    def _book_space(self):
        """Book each session's space through the booking engine (channel ``training``):
        the engine's rules apply (opening hours, grid, clashes, named in the message) and
        the occupancy's exclusion constraint holds. Returns the bookings."""
        Booking = self.env["sports.booking"]
        vals_list = []
        for session in self:
            if session.booking_id:
                raise UserError(
                    self.env._("%(session)s already has its booking.", session=session.name)
                )
            partner = session.company_id.partner_id
            Booking._check_rules(
                session.space_id, session.start_at, session.end_at, partner, "training"
            )
            vals_list.append(
                {
                    "space_id": session.space_id.id,
                    "start_at": session.start_at,
                    "end_at": session.end_at,
                    "partner_id": partner.id,
                    "channel": "training",
                    "training_session_id": session.id,
                    "state": "confirmed",
                    "notes": session.course_id.name,
                }
            )
        # sudo: the rules were checked above; a superuser create takes them as checked and
        # prices nothing (a class's space costs the venue nothing). Planners need no right
        # on bookings.
        bookings = Booking.sudo().create(vals_list)
        for session, booking in zip(self, bookings, strict=True):
            super(SportsTrainingSession, session).write({"booking_id": booking.id})
        return bookings

    # ------------------------------------------------------------------------------------
    # Moving
    # ------------------------------------------------------------------------------------
    def write(self, vals):
        moved_keys = set(MOVE_FIELDS) & set(vals)
        if not moved_keys:
            return super().write(vals)
        for session in self:
            if session.state != "planned":
                raise UserError(
                    self.env._(
                        "%(session)s is no longer planned and cannot be moved.",
                        session=session.name,
                    )
                )
        before = {s.id: (s.start_at, s.end_at, s.space_id, s.coach_id) for s in self}
        try:
            with self.env.cr.savepoint():
                res = super().write(vals)
                self.flush_recordset()
        except psycopg2.errors.ExclusionViolation:
            self.env.invalidate_all()
            message = self._coach_clash_message(
                [
                    {
                        "coach_id": vals.get("coach_id", session.coach_id.id),
                        "start_at": vals.get("start_at", session.start_at),
                        "end_at": vals.get("end_at", session.end_at),
                    }
                    for session in self
                ],
                exclude_ids=self.ids,
            )
            raise UserError(message) from None
        self._check_coach()
        changed = self.filtered(
            lambda s: before[s.id] != (s.start_at, s.end_at, s.space_id, s.coach_id)
        )
        for session in changed.filtered("booking_id"):
            booking = session.booking_id
            # sudo: the planner may move a session without rights on bookings; the
            # engine's write still checks the rules and the clashes.
            booking.sudo().write(
                {
                    "start_at": session.start_at,
                    "end_at": session.end_at,
                    "space_id": session.space_id.id,
                }
            )
        timing = changed.filtered(lambda s: before[s.id][:3] != (s.start_at, s.end_at, s.space_id))
        if timing:
            timing._notify_attendees("sports_training.mail_template_session_moved")
        return res

    # ------------------------------------------------------------------------------------
    # Cancelling
    # ------------------------------------------------------------------------------------
    def action_cancel(self, reason=None):
        """Cancel planned sessions: their bookings free the space, their seats are
        cancelled, and the enrolled attendees hear of it."""
        self.check_access("write")
        reason = inputs.text(self.env, reason, self.env._("The reason"), max_length=200) or False
        for session in self:
            if session.state != "planned":
                raise UserError(
                    self.env._(
                        "%(session)s is not planned and cannot be cancelled.",
                        session=session.name,
                    )
                )
        if not self:
            return True
        with self.env.cr.savepoint():
            self.write(
                {
                    "state": "cancelled",
                    "cancel_reason": reason,
                    "cancelled_at": fields.Datetime.now(),
                }
            )
            seats = self.attendance_ids.filtered(lambda a: a.state == "expected")
            if seats:
                seats.write({"state": "cancelled"})
            bookings = self.booking_id.filtered(lambda b: b.state in ("held", "confirmed"))
            if bookings:
                # sudo: planners cancel a class without rights on bookings; a training
                # booking has no order and no fee.
                bookings.sudo().action_cancel()
        self._notify_attendees("sports_training.mail_template_session_cancelled")
        return True

    # ------------------------------------------------------------------------------------
    # Notices
    # ------------------------------------------------------------------------------------
    def _notice_partners(self):
        """Who hears of a change: the parent (or member) of each confirmed enrolment of
        the course, and of each seat booked into the session (make-ups)."""
        self.ensure_one()
        enrolments = self.course_id.enrolment_ids.filtered(lambda e: e.state == "confirmed")
        enrolments |= self.attendance_ids.filtered(lambda a: a.state != "cancelled").enrolment_id
        return enrolments.mapped(lambda e: e.parent_partner_id or e.partner_id)

    def _notify_attendees(self, template_xmlid):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return False
        for session in self:
            # sudo: the planner may not read the enrolments' contacts; the notice only
            # goes to them.
            partners = session.sudo()._notice_partners().filtered("email")
            if not partners:
                continue
            session.sudo().message_post_with_source(
                template,
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True
