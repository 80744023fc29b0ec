"""Public venue pages: free slots with prices, and booking them through a sale order."""

from datetime import timedelta
from itertools import pairwise
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import format_amount
from odoo.tools.misc import format_date

from odoo.addons.sports_venue.tools import inputs

from ..models.sports_space import CLOSED, FREE

# More slots than a day holds is no selection made on the page.
MAX_SLOTS = 96


def _published_venue_domain(companies):
    """Published venues of the website's company: bookings of other companies would not
    show under My bookings, whose record rules follow the website's company."""
    return [("is_published", "=", True), ("company_id", "in", companies.ids)]


def sitemap_venues(env, rule, qs):
    if not qs or qs.lower() in "/venues":
        yield {"loc": "/venues"}
    company = env["website"].get_current_website().company_id
    # sudo: the sitemap lists published venues for anonymous crawlers.
    for venue in env["sports.venue"].sudo().search(_published_venue_domain(company)):
        loc = f"/venues/{venue.id}"
        if not qs or qs.lower() in loc:
            yield {"loc": loc}


class SportsBookingWebsite(http.Controller):
    # ------------------------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------------------------
    @http.route("/venues", type="http", auth="public", website=True, sitemap=True, readonly=True)
    def venues(self, **kwargs):
        # sudo: visitors may not read venues; only published ones of this website are listed.
        venues = (
            request.env["sports.venue"]
            .sudo()
            .search(_published_venue_domain(request.env.companies))
        )
        return request.render("sports_booking.venues_page", {"venues": venues})

    @http.route(
        "/venues/<int:venue_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=sitemap_venues,
        readonly=True,
    )
    def venue_page(self, venue_id, sport=None, date=None, **kwargs):
        venue = self._get_published_venue(venue_id)
        selected = request.httprequest.args.getlist("slot")
        return self._render_venue(venue, sport, date, selected=selected)

    @http.route(
        "/venues/<int:venue_id>/book",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def venue_book(self, venue_id, sport=None, date=None, expected_amount=None, **kwargs):
        venue = self._get_published_venue(venue_id)
        values = request.httprequest.form.getlist("slot")
        if request.env.user._is_public():
            page = self._venue_url(venue, sport=sport, date=date, slot=values)
            return request.redirect("/web/login?" + urlencode({"redirect": page}))
        try:
            space, start, end, shown_total = self._parse_selection(venue, values)
            expected = self._parse_amount(expected_amount, shown_total)
            with request.env.cr.savepoint():
                order = self._book_and_order(venue, space, start, end, expected)
        except UserError as error:
            return self._render_venue(venue, sport, date, selected=values, error=error.args[0])
        return request.redirect(order.get_portal_url())

    # ------------------------------------------------------------------------------------
    # Venue and selection
    # ------------------------------------------------------------------------------------
    def _get_published_venue(self, venue_id):
        # sudo: visitors may not read venues; anything but a published venue is a 404.
        venue = (
            request.env["sports.venue"]
            .sudo()
            .search(
                [("id", "=", venue_id), *_published_venue_domain(request.env.companies)], limit=1
            )
        )
        if not venue:
            raise NotFound()
        return venue

    def _venue_url(self, venue, **params):
        query = urlencode({k: v for k, v in params.items() if v}, doseq=True)
        return f"/venues/{venue.id}" + (f"?{query}" if query else "")

    def _parse_selection(self, venue, values):
        """The space, UTC start and end, and total price shown of the posted slots.

        Each value is ``space_id|utc start|price shown``. The slots must lie on one
        bookable space of ``venue`` and follow each other without a gap.
        """
        if not values:
            raise UserError(_("Select one or more free slots first."))
        env = request.env
        shown = {}
        try:
            if len(values) > MAX_SLOTS:
                raise ValueError(len(values))
            for value in values:
                space_id, start_str, amount_str = value.split("|")
                start = inputs.moment(env, start_str, env._("The start of a slot"))
                shown[int(space_id), start] = inputs.amount(
                    env, amount_str, env._("The price of a slot")
                )
        except (TypeError, ValueError, ValidationError):
            raise UserError(
                _("Your selection could not be read. Reload the page and select again.")
            ) from None
        space_ids = {space_id for space_id, _start in shown}
        if len(space_ids) > 1:
            raise UserError(
                _("Select slots on one court only. Book the other court in a second booking.")
            )
        space = venue.space_ids.filtered(lambda s: s.id in space_ids and s.bookable)
        if not space:
            raise UserError(_("This court cannot be booked online. Choose another one."))
        step = timedelta(minutes=space._slot_minutes())
        starts = sorted(start for _space_id, start in shown)
        if any(later - earlier != step for earlier, later in pairwise(starts)):
            raise UserError(
                _(
                    "Select slots that follow each other without a gap: one booking covers "
                    "one continuous time on one court."
                )
            )
        total = sum(shown[space.id, start] for start in starts)
        return space, starts[0], starts[-1] + step, total

    def _parse_amount(self, expected_amount, shown_total):
        """The total the visitor saw: computed by the page script, or the sum of the
        slot prices when the form was posted without script."""
        if expected_amount in (None, ""):
            return shown_total
        try:
            return inputs.amount(request.env, expected_amount, request.env._("The total"))
        except ValidationError:
            raise UserError(
                _("The total of your selection could not be read. Reload the page.")
            ) from None

    def _book_and_order(self, venue, space, start, end, expected):
        """Book for the current user's partner and return the sale order that pays it."""
        partner = request.env.user.partner_id
        company = venue.company_id
        # sudo: portal users may not create bookings or orders. The selection was checked
        # above; book() checks every rule again and the price, for the user's own partner.
        booking = (
            request.env["sports.booking"]
            .sudo()
            .with_company(company)
            .book(
                space.id,
                start,
                end,
                partner_id=partner.id,
                channel="portal",
                expected_amount=expected,
            )
        )
        # sudo: portal users may not read products; the order line only names it.
        product = request.env.ref("sports_booking.product_court_booking").sudo()
        local_start = venue._localize(booking.start_at)
        local_end = venue._localize(booking.end_at)
        # One line priced by book(), for the user's own partner.
        order = request.env["sale.order"]._arena_prepaid_order(
            partner,
            company,
            booking.name,
            [
                {
                    "product_id": product.id,
                    "name": _(
                        "%(space)s, %(venue)s: %(date)s %(start)s-%(end)s",
                        space=space.display_name,
                        venue=venue.name,
                        date=format_date(request.env, local_start.date()),
                        start=f"{local_start:%H:%M}",
                        end=f"{local_end:%H:%M}",
                    ),
                    "product_uom_qty": 1,
                    "price_unit": booking.amount_total,
                }
            ],
        )
        booking.sale_line_id = order.order_line
        return order

    # ------------------------------------------------------------------------------------
    # Page rendering
    # ------------------------------------------------------------------------------------
    def _render_venue(self, venue, sport_param, date_param, selected=(), error=None):
        now = fields.Datetime.now()
        today = venue._local_date(now)
        days = [today + timedelta(days=n) for n in range(venue.booking_window_days + 1)]
        # With a daily release time, the last day is shown before it opens, with its hour.
        opens_at, opens_in = {}, {}
        for d in days:
            release = venue._booking_release_at(d)
            if release and now < release:
                opens_at[d] = f"{venue._localize(release):%H:%M}"
                opens_in[d] = round((release - now).total_seconds())
        try:
            day = fields.Date.to_date(date_param) or today
        except (TypeError, ValueError):
            day = today
        if day not in days:
            day = today
        spaces = venue.space_ids.filtered("bookable")
        sports = spaces.sport_ids.sorted(lambda s: (s.sequence, s.name))
        sport = sports.filtered(lambda s: str(s.id) == str(sport_param)) or sports[:1]
        if sport:
            spaces = spaces.filtered(lambda s: sport in s.sport_ids)
        partner = (
            request.env["res.partner"]
            if request.env.user._is_public()
            else request.env.user.partner_id
        )
        currency = venue.company_id.currency_id
        grid = self._availability(venue, spaces, day, partner, currency)
        chosen = {value.rsplit("|", 1)[0] for value in selected if value}
        for row in grid["rows"]:
            for cell in row["cells"]:
                if cell and cell["state"] == FREE:
                    cell["checked"] = cell["key"] in chosen
        page = self._venue_url(venue, sport=sport.id, date=fields.Date.to_string(day))
        values = {
            "venue": venue,
            "sports": sports,
            "sport": sport,
            "day": day,
            "opens_at": opens_at.get(day, False),
            # The grid's script counts down from it and opens the slots without a reload.
            "opens_in": opens_in.get(day, False),
            "days": [
                {
                    "date": fields.Date.to_string(d),
                    "offset": n,
                    "label": self._day_label(d, n),
                    "opens_at": opens_at.get(d, False),
                    "url": self._venue_url(venue, sport=sport.id, date=fields.Date.to_string(d)),
                }
                for n, d in enumerate(days)
            ],
            "sport_urls": {
                s.id: self._venue_url(venue, sport=s.id, date=fields.Date.to_string(day))
                for s in sports
            },
            "spaces": spaces,
            "grid": grid,
            "currency": currency,
            "error": error,
            "is_public": request.env.user._is_public(),
            "login_url": "/web/login?" + urlencode({"redirect": page}),
            "signup_url": "/web/signup?" + urlencode({"redirect": page})
            # sudo: the sign-up scope is a system setting that visitors may not read.
            if request.env["res.users"].sudo()._get_signup_invitation_scope() == "b2c"
            else False,
            "min_minutes": min((s._min_minutes() for s in spaces), default=0),
            "max_minutes": max((s._max_minutes() for s in spaces), default=0),
        }
        # A refused booking comes back as the form with its error, answered 422.
        return request.render("sports_booking.venue_page", values, status=422 if error else 200)

    def _price_label(self, amount, currency, labels):
        """``amount`` in ``currency`` as the page shows it, formatted once per amount of
        the request (``labels``): a grid has dozens of slots at a handful of prices."""
        if amount not in labels:
            labels[amount] = format_amount(request.env, amount, currency)
        return labels[amount]

    def _day_label(self, day, offset):
        if offset == 0:
            return _("Today")
        if offset == 1:
            return _("Tomorrow")
        return format_date(request.env, day, date_format="EEE d MMM")

    # ------------------------------------------------------------------------------------
    # Availability
    # ------------------------------------------------------------------------------------
    def _availability(self, venue, spaces, day, partner, currency):
        """Rows of local times by columns of ``spaces`` for one local day.

        A cell is a slot of its space (its own slot length, spanning several rows when
        longer than the others), or ``None`` under a longer slot above it. Its state says
        whether it can be booked; free cells carry their price for ``partner``.
        """
        if not spaces:  # a venue with nothing to book online (gates only): no grid
            return {"is_open": False, "rows": []}
        availability = spaces._booking_slots(day, partner, channel="portal")
        result = {"is_open": bool(availability["open"]), "rows": []}
        if not availability["open"] or not spaces:
            return result
        columns = []
        labels = {}  # price labels by amount: formatting one reads the language each time
        hours = {}  # local "HH:MM" by UTC moment: the courts share their times

        def local(moment):
            if moment not in hours:
                hours[moment] = f"{venue._localize(moment):%H:%M}"
            return hours[moment]

        for space in spaces:
            cells = []
            for index, slot in enumerate(availability["slots"][space.id]):
                start, end, state, amount = (
                    slot["start"],
                    slot["end"],
                    slot["state"],
                    slot["amount"],
                )
                key = f"{space.id}|{fields.Datetime.to_string(start)}"
                cells.append(
                    {
                        "state": state,
                        "space_id": space.id,
                        "space_code": space.code or "",
                        "start": start,
                        "end": end,
                        "index": index,
                        "time": local(start),
                        "label": f"{local(start)}-{local(end)}",
                        "key": key,
                        "value": f"{key}|{amount!r}",
                        "raw_amount": repr(amount),
                        "price": self._price_label(amount, currency, labels)
                        if state == FREE
                        else "",
                        "checked": False,
                    }
                )
            columns.append(cells)
        times = sorted({cell["start"] for cells in columns for cell in cells})
        position = {start: i for i, start in enumerate(times)}
        matrix = [[None] * len(columns) for _time in times]
        for col, cells in enumerate(columns):
            covered = set()
            for cell in cells:
                row = position[cell["start"]]
                span = 1
                while row + span < len(times) and times[row + span] < cell["end"]:
                    span += 1
                cell["rowspan"] = span
                matrix[row][col] = cell
                covered.update(range(row, row + span))
            for row in set(range(len(times))) - covered:
                matrix[row][col] = {"state": CLOSED, "rowspan": 1, "filler": True}
        result["rows"] = [
            {"time": local(start), "cells": matrix[i]} for i, start in enumerate(times)
        ]
        return result
