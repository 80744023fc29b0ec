"""Paying a held court booking with a stored-value card on the customer portal."""

from urllib.parse import urlencode

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.sports_booking.controllers.portal import SportsBookingPortal
from odoo.addons.sports_membership.controllers.portal import SportsMembershipPortal


class CardMessage:
    """An error text handed by a route to the booking page. Query strings carry only
    strings, so a visitor cannot make the page show a message of their own."""

    def __init__(self, text):
        self.text = text


class SportsMembershipBookingPortal(SportsMembershipPortal, SportsBookingPortal):
    def _sports_booking_payable_cards(self, booking_sudo):
        """The user's own stored-value cards that can pay the booking now."""
        if booking_sudo.state != "held" or request.env.user._is_public():
            return request.env["sports.card"], request.env["sports.card"]
        today = request.env["sports.card"]._today()
        partner = request.env.user.partner_id
        Card = request.env["sports.card"]
        if not Card.has_access("read"):
            return Card, Card
        cards = Card.search(
            [
                ("partner_id", "child_of", [partner.commercial_partner_id.id]),
                ("kind", "=", "stored_value"),
                ("state", "=", "active"),
                ("company_id", "=", booking_sudo.company_id.id),
                ("valid_from", "<=", today),
                "|",
                ("valid_to", "=", False),
                ("valid_to", ">=", today),
            ]
        )
        currency = booking_sudo.currency_id
        enough = cards.filtered(
            lambda c: currency.compare_amounts(c.balance_total, booking_sudo.amount_total) >= 0
        )
        return enough, cards - enough

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sports.booking":
            payable, short = self._sports_booking_payable_cards(document)
            card_error = kwargs.get("card_error")
            values.update(
                {
                    "payable_cards": payable,
                    "short_cards": short,
                    "card_error": card_error.text if isinstance(card_error, CardMessage) else None,
                }
            )
        return values

    @http.route(
        "/my/bookings/<int:booking_id>/pay_with_card",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def portal_booking_pay_with_card(self, booking_id, card_id=None, **kwargs):
        # No access token here: only the booking's own customer pays it with their card.
        booking_sudo = self._sports_booking_check_access(booking_id, None)
        if not card_id:
            message = CardMessage(_("Choose one of your cards to pay with."))
            return self._render_booking(booking_sudo, None, card_error=message)
        card_sudo = self._sports_card_check_access(card_id, holder=True)
        try:
            with request.env.cr.savepoint():
                self._sports_booking_pay_with_card(booking_sudo, card_sudo)
        except UserError as error:
            return self._render_booking(booking_sudo, None, card_error=CardMessage(error.args[0]))
        query = urlencode({"message": "paid_by_card"})
        return request.redirect(f"/my/bookings/{booking_sudo.id}?{query}")

    def _sports_booking_pay_with_card(self, booking_sudo, card_sudo):
        """Charge the card, confirm the booking and cancel its unpaid order."""
        # sudo: portal users may neither charge cards nor confirm bookings and cancel
        # orders. The booking was checked to be readable by the user and the card to be
        # held by them; the ledger records the user as the author of the spend.
        booking = request.env["sports.booking"].sudo().browse(booking_sudo.id)
        card = request.env["sports.card"].sudo().browse(card_sudo.id)
        if booking.state != "held":
            raise UserError(_("Only a booking waiting for its payment can be paid with a card."))
        if card.company_id != booking.company_id:
            raise UserError(
                _(
                    "Card %(card)s cannot pay bookings of %(venue)s.",
                    card=card.name,
                    venue=booking.venue_id.name,
                )
            )
        order = booking.sale_order_id
        if order:
            # Serialise with a payment confirming the same order: one of both waits, and
            # then sees the order confirmed or cancelled.
            request.env.flush_all()
            request.env.cr.execute(
                SQL("SELECT id FROM sale_order WHERE id = %s FOR UPDATE", order.id)
            )
            order.invalidate_recordset()
        if order and order.state not in ("draft", "sent"):
            raise UserError(_("The order of this booking is already confirmed or cancelled."))
        if order.transaction_ids.filtered(lambda t: t.state in ("pending", "authorized", "done")):
            raise UserError(
                _(
                    "A payment of this booking's order %(order)s is under way: wait for it "
                    "instead of paying with a card.",
                    order=order.name,
                )
            )
        booking.pay_with_card(card)
        if not order:
            return
        line = booking.sale_line_id
        # Detach the booking first: cancelling its order would cancel it too.
        booking.sale_line_id = False
        if order.order_line - line:
            line.unlink()
        else:
            order._action_cancel()
        order.message_post(
            body=_(
                "Booking %(booking)s was paid with member card %(card)s.",
                booking=booking.name,
                card=card.name,
            )
        )
