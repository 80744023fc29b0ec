"""My cards in the customer portal: balances, QR, history, online top-up, and paying a
held court booking with a stored-value card."""

import base64
import math
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Command
from odoo.http import request
from odoo.tools import SQL, format_amount

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sports_booking.controllers.portal import SportsBookingPortal

MOVES_PER_PAGE = 20
# Top-ups outside the card type's tiers must lie within these bounds (system parameters
# sports_membership.portal_topup_min and sports_membership.portal_topup_max override them).
TOPUP_MIN, TOPUP_MAX = 50.0, 50000.0


class CardMessage:
    """An error text handed by a route to the booking page. Query strings carry only
    strings, so a visitor cannot make the page show a message of their own."""

    def __init__(self, text):
        self.text = text


def card_qr_data_uri(content):
    """The QR code of ``content`` as an SVG data URI, drawn on the server."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(content)
    code.make(fit=True)
    svg = code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


class SportsMembershipPortal(SportsBookingPortal):
    # ------------------------------------------------------------------------------------
    # My cards
    # ------------------------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sports_card_count" in counters:
            Card = request.env["sports.card"]
            values["sports_card_count"] = (
                Card.search_count(self._sports_card_domain()) if Card.has_access("read") else 0
            )
        return values

    def _sports_card_domain(self):
        """Cards the user holds, and cards shared with them as a family member."""
        partner = request.env.user.partner_id
        return [
            "|",
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("partner_ids", "in", [partner.id]),
        ]

    def _sports_card_is_holder(self, card_sudo):
        partner = request.env.user.partner_id
        return card_sudo.partner_id.commercial_partner_id == partner.commercial_partner_id

    def _sports_card_check_access(self, card_id, holder=False):
        """The card, sudo-ed, if the user may see it; with ``holder``, only if they hold it."""
        try:
            card_sudo = self._document_check_access("sports.card", int(card_id))
        except (AccessError, MissingError, TypeError, ValueError):
            raise NotFound() from None
        if holder and not self._sports_card_is_holder(card_sudo):
            raise Forbidden()
        return card_sudo

    @http.route(
        ["/my/cards", "/my/cards/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_cards(self, page=1, **kwargs):
        Card = request.env["sports.card"]
        domain = self._sports_card_domain()
        can_read = Card.has_access("read")
        pager = portal_pager(
            url="/my/cards",
            total=Card.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        cards = (
            Card.search(domain, limit=self._items_per_page, offset=pager["offset"])
            if can_read
            else Card
        )
        request.session["my_sports_cards_history"] = cards.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: portal users may not read card types; these are their own cards,
                # found with their access rights above.
                "cards": cards.sudo(),
                "page_name": "sports_card",
                "pager": pager,
                "default_url": "/my/cards",
            }
        )
        return request.render("sports_membership.portal_my_cards", values)

    @http.route(
        ["/my/cards/<int:card_id>", "/my/cards/<int:card_id>/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_card(self, card_id, page=1, **kwargs):
        card_sudo = self._sports_card_check_access(card_id)
        return self._render_card(card_sudo, page=page)

    def _render_card(self, card_sudo, page=1, topup_error=None, topup_amount=None):
        Move = request.env["sports.card.move"].sudo()
        domain = [("card_id", "=", card_sudo.id)]
        pager = portal_pager(
            url=f"/my/cards/{card_sudo.id}",
            total=Move.search_count(domain),
            page=page,
            step=MOVES_PER_PAGE,
        )
        # sudo: the card was checked above; family members see the history of the card
        # they share, which the move record rules leave to the holder.
        moves = Move.search(domain, limit=MOVES_PER_PAGE, offset=pager["offset"])
        is_holder = self._sports_card_is_holder(card_sudo)
        can_topup = (
            is_holder and card_sudo.kind == "stored_value" and self._sports_card_usable(card_sudo)
        )
        values = {
            "page_name": "sports_card",
            "sports_card": card_sudo,
            "moves": moves,
            "pager": pager,
            "qr_src": card_qr_data_uri(card_sudo.name),
            "can_topup": can_topup,
            "topup_tiers": card_sudo.type_id.topup_ids if can_topup else [],
            "topup_min": self._sports_card_topup_bounds()[0],
            "topup_error": topup_error,
            "topup_amount": topup_amount,
        }
        values = self._get_page_view_values(
            card_sudo, None, values, "my_sports_cards_history", False
        )
        return request.render("sports_membership.portal_my_card", values)

    @staticmethod
    def _sports_card_usable(card_sudo):
        try:
            card_sudo._check_usable()
        except UserError:
            return False
        return True

    # ------------------------------------------------------------------------------------
    # Online top-up
    # ------------------------------------------------------------------------------------
    def _sports_card_topup_bounds(self):
        params = request.env["ir.config_parameter"].sudo()
        try:
            low = float(params.get_param("sports_membership.portal_topup_min", TOPUP_MIN))
            high = float(params.get_param("sports_membership.portal_topup_max", TOPUP_MAX))
        except ValueError:
            low, high = TOPUP_MIN, TOPUP_MAX
        return low, high

    def _sports_card_topup_amount(self, card_sudo, amount, other_amount):
        """The amount to pay, read from the form and checked against the card type's
        tiers and the bounds; the bonus is never read from the browser."""
        raw = other_amount if amount == "other" else amount
        currency = card_sudo.currency_id
        try:
            value = float((raw or "").strip().replace(",", ""))
        except ValueError:
            raise UserError(_("The top-up amount could not be read. Enter a number.")) from None
        # More decimals than the currency has is a tampered or mistyped amount.
        if not math.isfinite(value) or abs(value - round(value, currency.decimal_places)) > 1e-9:
            raise UserError(_("The top-up amount could not be read. Enter a number."))
        value = currency.round(value)
        tiers = card_sudo.type_id.topup_ids.mapped("amount_min")
        if any(not currency.compare_amounts(value, tier) for tier in tiers):
            return value
        low, high = self._sports_card_topup_bounds()
        if currency.compare_amounts(value, low) < 0 or currency.compare_amounts(value, high) > 0:
            raise UserError(
                _(
                    "Top up one of the amounts offered, or any amount from %(low)s to %(high)s.",
                    low=format_amount(request.env, low, currency),
                    high=format_amount(request.env, high, currency),
                )
            )
        return value

    @http.route(
        "/my/cards/<int:card_id>/topup",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def portal_card_topup(self, card_id, amount=None, other_amount=None, **kwargs):
        card_sudo = self._sports_card_check_access(card_id, holder=True)
        try:
            if card_sudo.kind != "stored_value":
                raise UserError(_("Only stored-value cards can be topped up."))
            card_sudo._check_usable()
            value = self._sports_card_topup_amount(card_sudo, amount, other_amount)
            with request.env.cr.savepoint():
                order = self._sports_card_topup_order(card_sudo, value)
        except UserError as error:
            return self._render_card(
                card_sudo, topup_error=error.args[0], topup_amount=other_amount
            )
        return request.redirect(order.get_portal_url())

    def _sports_card_topup_order(self, card_sudo, amount):
        """A quotation of the user that pays ``amount`` onto the card once confirmed."""
        partner = request.env.user.partner_id
        company = card_sudo.company_id
        currency = card_sudo.currency_id
        bonus = card_sudo.type_id._bonus_for(amount)
        product = request.env.ref("sports_membership.product_card_topup").sudo()
        if bonus:
            name = _(
                "Top-up of member card %(card)s: pay %(amount)s, get %(total)s",
                card=card_sudo.name,
                amount=format_amount(request.env, amount, currency),
                total=format_amount(request.env, amount + bonus, currency),
            )
        else:
            name = _(
                "Top-up of member card %(card)s: %(amount)s",
                card=card_sudo.name,
                amount=format_amount(request.env, amount, currency),
            )
        # sudo: portal users may not create orders. The card was checked to be the user's
        # own and the amount against its tiers; the order belongs to the user's partner.
        return (
            request.env["sale.order"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    # Card money is in the company currency: no pricelist applies.
                    "pricelist_id": False,
                    "require_signature": False,
                    "require_payment": True,
                    "prepayment_percent": 1.0,
                    "origin": card_sudo.name,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": name,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "sports_card_id": card_sudo.id,
                            }
                        )
                    ],
                }
            )
        )

    # ------------------------------------------------------------------------------------
    # Paying a held booking with a card
    # ------------------------------------------------------------------------------------
    def _sports_booking_payable_cards(self, booking_sudo):
        """The user's own stored-value cards that can pay the booking now."""
        if booking_sudo.state != "held" or request.env.user._is_public():
            return request.env["sports.card"], request.env["sports.card"]
        today = fields.Date.context_today(booking_sudo)
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
        booking.action_pay_with_card(card)
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
