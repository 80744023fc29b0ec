"""The booking page shows the booking's gate pass: its QR, to its own customer."""

from odoo.http import request

from odoo.addons.sports_booking.controllers.portal import SportsBookingPortal


class SportsAccessBookingPortal(SportsBookingPortal):
    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        if document._name == "sports.booking":
            values["booking_pass"] = document._portal_pass(request.env.user)
        return super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
