"""The coach's phone page: today's and the coming week's sessions, and the seat list of a
session with a Present / Absent toggle per attendee (no app needed)."""

from datetime import datetime, time, timedelta

import pytz
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

# The largest id PostgreSQL's integer holds: larger ones name no record.
MAX_ID = 2**31 - 1
# The coach sees sessions from the start of today to this many days ahead.
COACH_DAYS = 7


class SportsCoachPortal(http.Controller):
    def _coach_employee(self):
        """The logged-in user's coach employee record, or an empty recordset."""
        # sudo: a coach may not read the employee directory; only their own record is used.
        return (
            request.env["hr.employee"]
            .sudo()
            .search([("user_id", "=", request.env.uid), ("is_coach", "=", True)], limit=1)
        )

    def _coach_session(self, session_id):
        """The session if the user is its coach or Arena staff; 404 otherwise (another
        coach's session does not exist for this user)."""
        if not 0 < session_id <= MAX_ID:
            raise NotFound()
        user = request.env.user
        # sudo: the rights are checked right below, against the session's coach.
        session = request.env["sports.training.session"].sudo().browse(session_id).exists()
        staff = user.has_group("sports_venue.group_arena_user")
        if (
            not session
            or (not staff and session.coach_id.user_id != user)
            or (staff and session.company_id not in user.company_ids)
        ):
            raise NotFound()
        return session

    def _coach_days(self):
        """UTC bounds of today (in the user's time zone) and the next seven days."""
        tz = pytz.timezone(request.env.user.tz or DEFAULT_TZ)
        local_now = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        midnight = tz.localize(datetime.combine(local_now.date(), time.min))
        start = midnight.astimezone(pytz.utc).replace(tzinfo=None)
        return start, start + timedelta(days=COACH_DAYS + 1)

    @http.route("/my/coach", type="http", auth="user", website=True, readonly=True)
    def portal_my_coach(self, **kwargs):
        coach = self._coach_employee()
        sessions = request.env["sports.training.session"]
        if coach:
            day_start, day_end = self._coach_days()
            # sudo: a coach reads their own sessions; the employee link was checked above.
            sessions = sessions.sudo().search(
                [
                    ("coach_id", "=", coach.id),
                    ("state", "!=", "cancelled"),
                    ("end_at", ">=", day_start),
                    ("start_at", "<", day_end),
                ],
                order="start_at, id",
            )
        return request.render(
            "sports_training.portal_my_coach",
            {"page_name": "sports_coach", "coach": coach, "sessions": sessions},
        )

    def _render_session(self, session, error=None, status=200):
        seats = session.attendance_ids.filtered(lambda s: s.state != "cancelled").sorted(
            lambda s: (s.partner_id.name or "").lower()
        )
        on_date = session.venue_id._localize(session.start_at).date()
        return request.render(
            "sports_training.portal_coach_session",
            {
                "page_name": "sports_coach",
                "session": session,
                "seats": seats,
                "ages": {seat.id: seat._coach_age(on_date) for seat in seats},
                "error": error,
            },
            status=status,
        )

    @http.route(
        "/my/coach/session/<int:session_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_coach_session(self, session_id, **kwargs):
        return self._render_session(self._coach_session(session_id))

    @http.route(
        "/my/coach/session/<int:session_id>/mark",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_coach_mark(self, session_id, attendance_id=None, state=None, **kwargs):
        session = self._coach_session(session_id)
        try:
            seat_id = int(attendance_id or 0)
        except ValueError:
            seat_id = 0
        seat = session.attendance_ids.filtered(lambda s: s.id == seat_id)
        if not seat:
            return self._render_session(
                session, request.env._("This attendee is not in this session."), 400
            )
        try:
            with request.env.cr.savepoint():
                # The user's own rights: action_mark checks the coach and the time window.
                seat.sudo(False).with_user(request.env.user).action_mark(state)
        except UserError as error:
            return self._render_session(session, str(error), 400)
        return request.redirect(f"/my/coach/session/{session.id}#seat-{seat.id}")
