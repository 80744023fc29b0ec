"""Team registration on the event's website page (赛事报名: teams for tournaments)."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request


class SportsEventTeamWebsite(http.Controller):
    def _sports_team_event(self, event_id):
        """The published event of this website taking team registrations, or 404."""
        # sudo: a portal member may read the published events; the domain keeps to those
        # of this website that take teams.
        event = (
            request.env["event.event"]
            .sudo()
            .search(
                [
                    ("id", "=", event_id),
                    ("website_published", "=", True),
                    ("sports_team_size_max", ">", 0),
                ],
                limit=1,
            )
        )
        if not event or not event.can_access_from_current_website():
            raise NotFound()
        return event

    @http.route(
        "/event/<int:event_id>/team",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def event_team(self, event_id, **post):
        if event_id <= 0 or event_id > 2**31 - 1:
            raise NotFound()
        event = self._sports_team_event(event_id)
        values = {"event": event, "main_object": event, "post": {}, "error": None}
        if request.httprequest.method != "POST":
            return request.render("sports_event.event_team_register", values)
        rows = []
        for index in range(1, event.sports_team_size_max + 1):
            name = post.get(f"member_name_{index}") or ""
            phone = post.get(f"member_phone_{index}") or ""
            if str(name).strip() or str(phone).strip():
                rows.append((name, phone))
        try:
            # sudo: portal members have no right to create teams or registrations; the
            # form's every value is checked by _sports_register, all or nothing.
            team = (
                request.env["sports.event.team"]
                .sudo()
                ._sports_register(event, request.env.user.partner_id, post.get("team_name"), rows)
            )
        except (UserError, ValidationError) as error:
            values.update(
                {
                    "error": error.args[0],
                    "post": {k: v for k, v in post.items() if isinstance(v, str) and len(v) < 200},
                }
            )
            return request.render("sports_event.event_team_register", values, status=422)
        return request.redirect(f"/my/events?team={team.id}")
