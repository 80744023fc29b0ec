"""My bookings in the customer portal: list, detail, cancellation and calendar file."""

from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

ACTIVE_STATES = ("held", "confirmed", "checked_in")


class SportsBookingPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sports_booking_count" in counters:
            Booking = request.env["sports.booking"]
            values["sports_booking_count"] = (
                Booking.search_count(self._sports_booking_domain())
                if Booking.has_access("read")
                else 0
            )
        return values

    def _sports_booking_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("kind", "=", "booking"),
            ("state", "!=", "expired"),
        ]

    def _sports_booking_filters(self):
        now = fields.Datetime.now()
        return {
            "upcoming": {
                "label": _("Upcoming"),
                "domain": [("end_at", ">=", now), ("state", "in", ACTIVE_STATES)],
                "order": "start_at asc, id asc",
            },
            "past": {
                "label": _("Past and cancelled"),
                "domain": ["|", ("end_at", "<", now), ("state", "not in", ACTIVE_STATES)],
                "order": "start_at desc, id desc",
            },
            "all": {"label": _("All"), "domain": [], "order": "start_at desc, id desc"},
        }

    @http.route(
        ["/my/bookings", "/my/bookings/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_bookings(self, page=1, filterby="upcoming", **kwargs):
        Booking = request.env["sports.booking"]
        filters = self._sports_booking_filters()
        if filterby not in filters:
            filterby = "upcoming"
        domain = self._sports_booking_domain() + filters[filterby]["domain"]
        can_read = Booking.has_access("read")
        pager = portal_pager(
            url="/my/bookings",
            url_args={"filterby": filterby},
            total=Booking.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        bookings = (
            Booking.search(
                domain,
                order=filters[filterby]["order"],
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if can_read
            else Booking
        )
        request.session["my_sports_bookings_history"] = bookings.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: portal users may not read venues and courts; these are their own
                # bookings, found with their access rights above.
                "bookings": bookings.sudo(),
                "page_name": "sports_booking",
                "pager": pager,
                "default_url": "/my/bookings",
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("sports_booking.portal_my_bookings", values)

    def _sports_booking_check_access(self, booking_id, access_token):
        """The booking, sudo-ed, if the user may see it (own booking or valid token)."""
        try:
            booking_sudo = self._document_check_access("sports.booking", booking_id, access_token)
        except (AccessError, MissingError, TypeError, ValueError):
            # TypeError: a token with characters other than ASCII cannot be compared.
            raise NotFound() from None
        if booking_sudo.kind != "booking":
            raise NotFound()
        return booking_sudo

    def _sports_booking_can_cancel(self, booking_sudo):
        return booking_sudo.state == "held" or (
            booking_sudo.state == "confirmed" and booking_sudo.start_at > fields.Datetime.now()
        )

    @http.route("/my/bookings/<int:booking_id>", type="http", auth="public", website=True)
    def portal_my_booking(self, booking_id, access_token=None, message=None, **kwargs):
        if request.env.user._is_public() and not access_token:
            return request.redirect(
                "/web/login?" + urlencode({"redirect": f"/my/bookings/{booking_id}"})
            )
        booking_sudo = self._sports_booking_check_access(booking_id, access_token)
        # The query string carries no messages of its own: ``message`` only names one of the
        # page's own notices, and errors come from the routes that post to the booking.
        return self._render_booking(booking_sudo, access_token, message=message)

    def _render_booking(self, booking_sudo, access_token, message=None, error=None, **kwargs):
        """The booking page; with ``error`` or another route's error in ``kwargs``, the
        answer to a refused request (HTTP 422)."""
        can_cancel = self._sports_booking_can_cancel(booking_sudo)
        values = {
            "page_name": "sports_booking",
            "sports_booking": booking_sudo,
            "can_cancel": can_cancel,
            "cancel_fee": booking_sudo._cancel_fee_for() if can_cancel else 0.0,
            "message": message,
            "cancel_error": error,
            "token_query": f"?{urlencode({'access_token': access_token})}" if access_token else "",
        }
        values = self._get_page_view_values(
            booking_sudo, access_token, values, "my_sports_bookings_history", False, **kwargs
        )
        refused = bool(error or any(kwargs.values()))
        return request.render(
            "sports_booking.portal_my_booking", values, status=422 if refused else 200
        )

    @http.route(
        "/my/bookings/<int:booking_id>/cancel",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_booking_cancel(self, booking_id, access_token=None, **kwargs):
        booking_sudo = self._sports_booking_check_access(booking_id, access_token)
        try:
            with request.env.cr.savepoint():
                # sudo: portal users cannot write bookings; access to this one was checked.
                booking_sudo.action_cancel()
        except UserError as error:
            return self._render_booking(booking_sudo, access_token, error=error.args[0])
        query = {"message": "cancelled"}
        if access_token:
            query["access_token"] = access_token
        return request.redirect(f"/my/bookings/{booking_sudo.id}?{urlencode(query)}")

    @http.route(
        "/my/bookings/<int:booking_id>/checkout",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_booking_checkout(self, booking_id, access_token=None, **kwargs):
        """End a session in play early: the court frees up and its lights go off."""
        booking_sudo = self._sports_booking_check_access(booking_id, access_token)
        if booking_sudo.state != "checked_in":
            return self._render_booking(
                booking_sudo,
                access_token,
                error=request.env._("Only a session in play can be ended."),
            )
        # sudo: portal users cannot write bookings; access to this one was checked.
        booking_sudo.action_checkout()
        query = {"message": "checked_out"}
        if access_token:
            query["access_token"] = access_token
        return request.redirect(f"/my/bookings/{booking_sudo.id}?{urlencode(query)}")

    @http.route(
        "/my/bookings/<int:booking_id>/ics",
        type="http",
        auth="public",
        website=True,
        readonly=True,
        sitemap=False,
    )
    def portal_booking_ics(self, booking_id, access_token=None, **kwargs):
        booking_sudo = self._sports_booking_check_access(booking_id, access_token)
        return request.make_response(
            booking_sudo._get_ics_file(),
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", content_disposition(f"{booking_sudo.name}.ics")),
            ],
        )
