"""My tickets in the customer portal: buying tickets online and showing their QR codes."""

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_TICKETS = 20


class SportsAccessPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sports_ticket_count" in counters:
            Entitlement = request.env["sports.access.entitlement"]
            values["sports_ticket_count"] = (
                Entitlement.search_count(self._sports_ticket_domain())
                if Entitlement.has_access("read")
                else 0
            )
        return values

    def _sports_ticket_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("kind", "=", "ticket"),
        ]

    def _sports_ticket_types(self):
        # sudo: the published ticket types are the shop window of every venue.
        return (
            request.env["sports.ticket.type"]
            .sudo()
            .search([("website_published", "=", True), ("venue_id.is_published", "=", True)])
        )

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_tickets(self, page=1, **kwargs):
        return self._render_my_tickets(page=page)

    def _render_my_tickets(self, page=1, buy_error=None):
        """My tickets and the shop window; with ``buy_error``, the answer to a refused
        purchase (HTTP 422). The error never comes from the query string."""
        Entitlement = request.env["sports.access.entitlement"]
        domain = self._sports_ticket_domain()
        can_read = Entitlement.has_access("read")
        pager = portal_pager(
            url="/my/tickets",
            total=Entitlement.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        tickets = (
            Entitlement.search(domain, limit=self._items_per_page, offset=pager["offset"])
            if can_read
            else Entitlement
        )
        request.session["my_sports_tickets_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the tickets were searched with the user's own rights just above; their QR
                # images and validity are rendered from fields portal users may not read.
                "tickets": tickets.sudo(),
                "ticket_types": self._sports_ticket_types(),
                "buy_error": buy_error,
                "page_name": "sports_ticket",
                "pager": pager,
                "default_url": "/my/tickets",
            }
        )
        return request.render(
            "sports_access.portal_my_tickets", values, status=422 if buy_error else 200
        )

    def _sports_ticket_check_access(self, ticket_id, access_token=None):
        try:
            ticket_sudo = self._document_check_access(
                "sports.access.entitlement", int(ticket_id), access_token=access_token
            )
        except (AccessError, MissingError, TypeError, ValueError):
            raise NotFound() from None
        return ticket_sudo

    @http.route(
        "/my/tickets/<int:ticket_id>", type="http", auth="public", website=True, readonly=True
    )
    def portal_my_ticket(self, ticket_id, access_token=None, **kwargs):
        ticket_sudo = self._sports_ticket_check_access(ticket_id, access_token)
        qr = ticket_sudo.credential_ids.filtered(lambda c: c.kind == "qr" and c.state == "active")
        values = {
            "page_name": "sports_ticket",
            "ticket": ticket_sudo,
            # The QR travels inside the page: its token never appears in a URL.
            "qr_src": qr[:1]._qr_data_uri() if qr else None,
            "passages": ticket_sudo.event_ids.filtered(lambda e: e.decision == "granted")[:20],
        }
        values = self._get_page_view_values(
            ticket_sudo, access_token, values, "my_sports_tickets_history", False
        )
        return request.render("sports_access.portal_my_ticket", values)

    @http.route(
        "/my/tickets/buy",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def portal_ticket_buy(self, ticket_type_id=None, quantity="1", **kwargs):
        try:
            ticket_type = self._sports_ticket_types().filtered(
                lambda t: str(t.id) == str(ticket_type_id)
            )
            if not ticket_type:
                raise UserError(_("This ticket is not on sale."))
            try:
                qty = int(quantity)
            except (TypeError, ValueError):
                raise UserError(_("Enter how many tickets you want.")) from None
            if not 1 <= qty <= MAX_TICKETS:
                raise UserError(_("Buy from 1 to %(max)s tickets at a time.", max=MAX_TICKETS))
            with request.env.cr.savepoint():
                order = self._sports_ticket_order(ticket_type, qty)
        except UserError as error:
            return self._render_my_tickets(buy_error=error.args[0])
        return request.redirect(order.get_portal_url())

    def _sports_ticket_order(self, ticket_type, quantity):
        """A quotation of the user for ``quantity`` tickets, to pay online, priced by the
        server from the ticket type on sale."""
        return request.env["sale.order"]._arena_prepaid_order(
            request.env.user.partner_id,
            ticket_type.company_id,
            ticket_type.venue_id.name,
            [
                {
                    "product_id": ticket_type.product_id.id,
                    "product_uom_qty": quantity,
                    "price_unit": ticket_type.price,
                }
            ],
        )
