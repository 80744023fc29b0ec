"""My events in the customer portal: my registrations, upcoming first, with their QR."""

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# How many past registrations the page still lists.
PAST_LIMIT = 20


class SportsEventPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sports_event_count" in counters:
            values["sports_event_count"] = len(self._sports_my_registrations(upcoming_only=True))
        return values

    def _sports_my_registrations(self, upcoming_only=False):
        """The registrations of the current user: theirs, their company's contacts', and
        those of the teams they captain whose members have no account."""
        partner = request.env.user.partner_id.commercial_partner_id
        domain = [
            ("state", "in", ("open", "done")),
            "|",
            ("partner_id", "child_of", [partner.id]),
            "&",
            ("partner_id", "=", False),
            ("sports_team_id.captain_partner_id", "child_of", [partner.id]),
        ]
        if upcoming_only:
            domain.append(("event_id.date_end", ">=", fields.Datetime.now()))
        # sudo: portal users have no read right on registrations; the domain keeps to the
        # user's own, and each QR is shown only after _sports_portal_pass's owner check.
        return request.env["event.registration"].sudo().search(domain)

    @http.route("/my/events", type="http", auth="user", website=True, readonly=True)
    def portal_my_events(self, **kwargs):
        now = fields.Datetime.now()
        registrations = self._sports_my_registrations()
        upcoming = registrations.filtered(lambda r: r._sports_window()[1] >= now).sorted(
            lambda r: (r._sports_window()[0], r.id)
        )
        past = (registrations - upcoming).sorted(
            lambda r: (r._sports_window()[0], r.id), reverse=True
        )[:PAST_LIMIT]
        user = request.env.user
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_events",
                "upcoming": upcoming,
                "past": past,
                "passes": {r.id: r._sports_portal_pass(user) for r in upcoming},
            }
        )
        return request.render("sports_event.portal_my_events", values)
