"""The lean path of a booking rush: the grid's availability as JSON and booking over
JSON-RPC, so that hundreds of members racing for a released day neither reload the whole
venue page nor get it back when they lose. The page and its form POST stay the path
without script (``website.py``); both paths share the selection, the rules and the order."""

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.sports_space import FREE
from .website import SportsBookingWebsite


class SportsBookingRush(SportsBookingWebsite):
    @http.route(
        "/venues/<int:venue_id>/slots",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        readonly=True,
    )
    def venue_slots(self, venue_id, date=None, **kwargs):
        """The slots of one local day of a published venue: ``value`` (what the form
        posts), ``free`` and ``price``, from the same ``_booking_slots`` as the page."""
        venue = self._get_published_venue(venue_id)
        now = fields.Datetime.now()
        today = venue._local_date(now)
        try:
            day = fields.Date.to_date(date) if date else today
        except (TypeError, ValueError):
            day = None
        if not day or not 0 <= (day - today).days <= venue.booking_window_days:
            return request.make_json_response(
                {"error": request.env._("Choose a day within the booking window.")}, status=400
            )
        release = venue._booking_release_at(day)
        spaces = venue.space_ids.filtered("bookable")
        partner = (
            request.env["res.partner"]
            if request.env.user._is_public()
            else request.env.user.partner_id
        )
        currency = venue.company_id.currency_id
        slots, labels = [], {}
        if spaces:
            availability = spaces._booking_slots(day, partner, channel="portal")
            for space in spaces:
                for slot in availability["slots"][space.id]:
                    key = f"{space.id}|{fields.Datetime.to_string(slot['start'])}"
                    slots.append(
                        {
                            "value": f"{key}|{slot['amount']!r}",
                            "free": slot["state"] == FREE,
                            "price": self._price_label(slot["amount"], currency, labels),
                        }
                    )
        return request.make_json_response(
            {
                "date": fields.Date.to_string(day),
                # Seconds until the day opens online (0 when it is open).
                "opens_in": max(0, round((release - now).total_seconds())) if release else 0,
                "slots": slots,
            },
            headers=[("Cache-Control", "no-store")],
        )

    @http.route(
        "/venues/<int:venue_id>/book/json",
        type="jsonrpc",
        auth="user",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def venue_book_json(self, venue_id, slots=None, expected_amount=None, **kwargs):
        """Book the selected ``slots`` (the values of ``/slots``) as the form does:
        ``{"redirect": order to pay}``, or ``{"error": words}`` without rendering a page."""
        venue = self._get_published_venue(venue_id)
        if isinstance(slots, str):
            slots = [slots]
        if isinstance(expected_amount, (int, float)) and not isinstance(expected_amount, bool):
            expected_amount = repr(expected_amount)
        try:
            if not isinstance(slots, list) or not all(isinstance(v, str) for v in slots):
                raise UserError(
                    request.env._(
                        "Your selection could not be read. Reload the page and select again."
                    )
                )
            if expected_amount is not None and not isinstance(expected_amount, str):
                raise UserError(
                    request.env._("The total of your selection could not be read. Reload the page.")
                )
            space, start, end, shown_total = self._parse_selection(venue, slots)
            expected = self._parse_amount(expected_amount, shown_total)
            with request.env.cr.savepoint():
                order = self._book_and_order(venue, space, start, end, expected)
        except UserError as error:
            return {"error": error.args[0]}
        return {"redirect": order.get_portal_url()}
