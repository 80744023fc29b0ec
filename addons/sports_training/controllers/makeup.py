"""Make-up sessions (补课) on the portal: a missed seat lists the sessions it may be made up
in, and books one. ``/my/training`` (ENROL) links here from each missed seat."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

# The largest id PostgreSQL's integer holds: larger ones name no record.
MAX_ID = 2**31 - 1


class SportsTrainingMakeupPortal(http.Controller):
    def _missed_seat(self, attendance_id):
        """The seat if the user is its attendee, their parent or the member who enrolled;
        404 otherwise."""
        if not 0 < attendance_id <= MAX_ID:
            raise NotFound()
        # sudo: the owner check right below decides; the seat is not read otherwise.
        seat = request.env["sports.training.attendance"].sudo().browse(attendance_id).exists()
        if not seat or not seat._pass_owner(request.env.user):
            raise NotFound()
        return seat

    def _render(self, seat, error=None, status=200):
        return request.render(
            "sports_training.portal_training_makeup",
            {
                "page_name": "sports_training_makeup",
                "seat": seat,
                # sudo: the sessions listed are the seat's eligible ones only.
                "sessions": seat._makeup_sessions().sudo(),
                "error": error,
            },
            status=status,
        )

    @http.route(
        "/my/training/makeup/<int:attendance_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
        methods=["GET"],
    )
    def portal_training_makeup(self, attendance_id, **kwargs):
        return self._render(self._missed_seat(attendance_id))

    @http.route(
        "/my/training/makeup/<int:attendance_id>/book",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_training_makeup_book(self, attendance_id, session_id=None, **kwargs):
        seat = self._missed_seat(attendance_id)
        try:
            session_id = int(session_id or 0)
        except ValueError:
            session_id = 0
        # sudo: a member books into another course's session; _book_makeup checks it.
        session = request.env["sports.training.session"].sudo()
        if 0 < session_id <= MAX_ID:
            session = session.browse(session_id).exists()
        if not session:
            return self._render(seat, request.env._("Choose a session to make up in."), 400)
        try:
            with request.env.cr.savepoint():
                seat._book_makeup(session)
        except UserError as error:
            return self._render(seat, str(error), 400)
        return request.redirect(f"/my/training/makeup/{seat.id}?booked=1")
