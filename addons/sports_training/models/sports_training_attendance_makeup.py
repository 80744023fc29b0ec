from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Seats that may be made up (补课).
MISSED_STATES = ("absent", "excused")


class SportsTrainingAttendance(models.Model):
    """Make-up sessions (补课): a missed seat can be made up once, in another planned
    session of the same level with a free place, within the term of its course (plus the
    company's make-up window)."""

    _inherit = "sports.training.attendance"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _touch_for_update(self, record):
        """Lock ``record``'s row by updating it (its write_date), for the rest of the
        transaction.

        Odoo runs at REPEATABLE READ: a transaction that only waited for a plain
        ``SELECT ... FOR UPDATE`` would then count the seats in its older snapshot and miss
        the winner's. An update of a row that a concurrent transaction updated and
        committed fails to serialise instead, and Odoo replays the request (HTTP and
        RPC alike); the replay counts the winner's seat.
        """
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = (now() AT TIME ZONE 'UTC') WHERE id = %s",
                SQL.identifier(record._table),
                record.id,
            )
        )
        record.invalidate_recordset(["write_date"])

    def _makeup_last_day(self):
        """The last local day a make-up of this missed seat may take place."""
        self.ensure_one()
        course = self.enrolment_id.course_id
        return course.date_end + timedelta(days=self.company_id.training_makeup_days or 0)

    def _makeup_domain(self):
        self.ensure_one()
        course = self.enrolment_id.course_id
        level = (
            [("level_id", "=", course.level_id.id)]
            if course.level_id
            else [("course_id", "=", course.id)]
        )
        return [
            ("state", "=", "planned"),
            ("start_at", ">", fields.Datetime.now()),
            ("id", "!=", self.session_id.id),
            ("company_id", "=", self.company_id.id),
            *level,
        ]

    def _makeup_sessions(self):
        """The sessions this missed seat may be made up in now (for the wizard and the
        portal): the rules of ``_book_makeup`` without the lock."""
        self.ensure_one()
        Session = self.env["sports.training.session"]
        if self.state not in MISSED_STATES or self.made_up_by_id:
            return Session
        # sudo: a member looks for a place in other courses' sessions, which a portal user
        # cannot read; only the eligible ones are returned.
        sessions = Session.sudo().search(self._makeup_domain())
        last_day = self._makeup_last_day()
        taken = (
            self.sudo()
            .search([("session_id", "in", sessions.ids), ("partner_id", "=", self.partner_id.id)])
            .filtered(lambda s: s.state != "cancelled")
            .session_id
        )
        return (
            (sessions - taken)
            .filtered(
                lambda s: (
                    s.venue_id._localize(s.start_at).date() <= last_day
                    and s.seats_taken < s.capacity
                )
            )
            .sudo(False)
        )

    def _book_makeup(self, session):
        """Book a make-up of this missed seat in ``session``: returns the new seat
        (expected, with its gate pass). Each rule refused is a UserError in words; the
        session's row is locked while its places are counted, so two members never take
        its last place together."""
        self.ensure_one()
        _ = self.env._
        session.ensure_one()
        # sudo: the checks below are the rules; a member books into a session of another
        # course, which they cannot read or write themselves.
        missed = self.sudo()
        target = session.sudo()
        # Lock the missed seat: two make-ups of it never pass the checks below together.
        self.env.flush_all()
        self._touch_for_update(missed)
        missed.invalidate_recordset()
        if missed.state not in MISSED_STATES:
            raise UserError(_("Only a missed (absent or excused) session can be made up."))
        if missed.made_up_by_id:
            raise UserError(_("This missed session is already made up."))
        if target == missed.session_id:
            raise UserError(_("A session cannot be made up in itself."))
        if target.state != "planned" or target.start_at <= fields.Datetime.now():
            raise UserError(_("A make-up must be booked in a planned session to come."))
        course = missed.enrolment_id.course_id
        if course.level_id and target.level_id != course.level_id:
            raise UserError(
                _(
                    "A make-up must be of the same level (%(level)s), not %(other)s.",
                    level=course.level_id.display_name,
                    other=target.level_id.display_name or _("no level"),
                )
            )
        if not course.level_id and target.course_id != course:
            raise UserError(_("A course without a level is made up in its own sessions."))
        if target.company_id != missed.company_id:
            raise UserError(_("A make-up must be booked with the same operator."))
        last_day = missed._makeup_last_day()
        if target.venue_id._localize(target.start_at).date() > last_day:
            raise UserError(
                _("A make-up must take place by %(day)s, within the term.", day=last_day)
            )
        # Lock the target session, then count its seats: a second booking of its last
        # place waits here, then fails to serialise and is replayed, and sees the first.
        self._touch_for_update(target)
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE partner_id = %s) "
                "FROM sports_training_attendance WHERE session_id = %s AND state != 'cancelled'",
                missed.partner_id.id,
                target.id,
            )
        )
        taken, mine = self.env.cr.fetchone()
        if mine:
            raise UserError(_("%s already has a seat in this session.", missed.partner_id.name))
        if taken >= target.course_id.capacity:
            raise UserError(_("This session is full: choose another one."))
        with self.env.cr.savepoint():
            seat = self.sudo().create(
                {
                    "session_id": target.id,
                    "enrolment_id": missed.enrolment_id.id,
                    "makeup_of_id": missed.id,
                    "state": "expected",
                }
            )
        self.invalidate_recordset(["made_up_by_id"])
        return seat.sudo(False)
