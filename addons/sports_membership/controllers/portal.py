"""My cards in the customer portal: balances, QR, history, online top-up, and cards
bought and renewed online."""

import base64
import math

from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import format_amount

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sports_venue.tools import inputs

MOVES_PER_PAGE = 20
# Top-ups outside the card type's tiers must lie within these bounds (system parameters
# sports_membership.portal_topup_min and sports_membership.portal_topup_max override them).
TOPUP_MIN, TOPUP_MAX = 50.0, 50000.0


def card_qr_data_uri(content):
    """The QR code of ``content`` as a PNG data URI, drawn on the server by Odoo's one
    barcode helper (``ir.actions.report.barcode``)."""
    png = request.env["ir.actions.report"].barcode(
        "QR", content, width=300, height=300, barLevel="M"
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


class SportsMembershipPortal(CustomerPortal):
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

    # Not readonly: the previous/next links of the portal history give the neighbouring
    # cards their first access token (portal ``_get_page_view_values``).
    @http.route(
        ["/my/cards/<int:card_id>", "/my/cards/<int:card_id>/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_card(self, card_id, page=1, **kwargs):
        card_sudo = self._sports_card_check_access(card_id)
        return self._render_card(card_sudo, page=page)

    def _render_card(
        self, card_sudo, page=1, topup_error=None, topup_amount=None, renew_error=None
    ):
        # sudo: the card was checked to be the user's own; portal users may not read ledger moves.
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
            "topup_online": can_topup
            and card_sudo.company_id._arena_online_payment_available(request.env.user.partner_id),
            "topup_tiers": card_sudo.type_id.topup_ids if can_topup else [],
            "topup_min": self._sports_card_topup_bounds(card_sudo)[0],
            "topup_error": topup_error,
            "topup_amount": topup_amount,
            "can_renew": is_holder and self._sports_card_renewable(card_sudo),
            "renew_error": renew_error,
        }
        values = self._get_page_view_values(
            card_sudo, None, values, "my_sports_cards_history", False
        )
        # A refused top-up or renewal comes back as the card page with its error, answered 422.
        return request.render(
            "sports_membership.portal_my_card",
            values,
            status=422 if topup_error or renew_error else 200,
        )

    @staticmethod
    def _sports_card_renewable(card_sudo):
        try:
            card_sudo._check_renewable()
            card_sudo.type_id._check_sold_online()
        except UserError:
            return False
        return True

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
    def _sports_card_topup_bounds(self, card_sudo):
        """The smallest and largest free amount: the portal's system parameters, and never
        more than the company's largest card top-up, which the ledger enforces anyway."""
        params = request.env["ir.config_parameter"].sudo()
        try:
            low = float(params.get_param("sports_membership.portal_topup_min", TOPUP_MIN))
            high = float(params.get_param("sports_membership.portal_topup_max", TOPUP_MAX))
        except ValueError:
            low, high = TOPUP_MIN, TOPUP_MAX
        company_max = card_sudo.company_id.card_topup_max
        return low, min(high, company_max) if company_max else high

    def _sports_card_topup_amount(self, card_sudo, amount, other_amount):
        """The amount to pay, read from the form and checked against the card type's
        tiers and the bounds; the bonus is never read from the browser."""
        raw = other_amount if amount == "other" else amount
        currency = card_sudo.currency_id
        try:
            value = float((raw or "").strip().replace(",", ""))
        except ValueError:
            raise UserError(_("The top-up amount could not be read. Enter a number.")) from None
        if not math.isfinite(value):
            raise UserError(_("The top-up amount could not be read. Enter a number."))
        low, high = self._sports_card_topup_bounds(card_sudo)
        out_of_bounds = UserError(
            _(
                "Top up one of the amounts offered, or any amount from %(low)s to %(high)s.",
                low=format_amount(request.env, low, currency),
                high=format_amount(request.env, high, currency),
            )
        )
        # Beyond what any Arena operation takes, rounding to cents would overflow.
        if abs(value) > inputs.MAX_AMOUNT:
            raise out_of_bounds
        # More decimals than the currency has is a tampered or mistyped amount.
        if abs(value - round(value, currency.decimal_places)) > 1e-9:
            raise UserError(_("The top-up amount could not be read. Enter a number."))
        value = currency.round(value)
        tiers = card_sudo.type_id.topup_ids.mapped("amount_min")
        if any(not currency.compare_amounts(value, tier) for tier in tiers):
            return value
        if currency.compare_amounts(value, low) < 0 or currency.compare_amounts(value, high) > 0:
            raise out_of_bounds
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
        # sudo: portal users may not read products; the order line only names it.
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
        # The card was checked to be the user's own and the amount against its tiers.
        return request.env["sale.order"]._arena_prepaid_order(
            partner,
            company,
            card_sudo.name,
            [
                {
                    "product_id": product.id,
                    "name": name,
                    "product_uom_qty": 1,
                    "price_unit": amount,
                    "sports_card_id": card_sudo.id,
                }
            ],
        )

    # ------------------------------------------------------------------------------------
    # Cards bought and renewed online
    # ------------------------------------------------------------------------------------
    def _sports_card_types_domain(self):
        """Card types sold online by the companies of the user."""
        return [
            ("sold_online", "=", True),
            ("company_id", "in", request.env.user.company_ids.ids),
        ]

    @http.route("/my/cards/buy", type="http", auth="user", website=True, readonly=True)
    def portal_card_buy_page(self, **kwargs):
        return self._render_buy_page()

    def _render_buy_page(self, buy_error=None, buy_error_account=False):
        # sudo: portal users may not read card types; these are the ones sold online.
        types = request.env["sports.card.type"].sudo().search(self._sports_card_types_domain())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_card_buy",
                "card_types": types,
                "buy_error": buy_error,
                "buy_error_account": buy_error_account,
            }
        )
        return request.render(
            "sports_membership.portal_card_buy", values, status=422 if buy_error else 200
        )

    @http.route(
        "/my/cards/buy/<int:type_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def portal_card_buy(self, type_id, **kwargs):
        # sudo: portal users may not read card types; the type is checked below to be one
        # of the user's companies and to be sold online, and prices come from it.
        card_type = request.env["sports.card.type"].sudo().browse(type_id).exists()
        if not card_type or card_type.company_id not in request.env.user.company_ids:
            raise NotFound()
        partner = request.env.user.partner_id
        SaleOrder = request.env["sale.order"]
        try:
            card_type._check_sold_online()
        except UserError as error:
            return self._render_buy_page(buy_error=error.args[0])
        try:
            SaleOrder._sports_card_check_buyer(partner)
        except UserError as error:
            # The phone is missing or wrong: the message links to the account details.
            return self._render_buy_page(buy_error=error.args[0], buy_error_account=True)
        try:
            with request.env.cr.savepoint():
                order = SaleOrder._sports_card_buy_order(card_type, partner)
        except UserError as error:
            return self._render_buy_page(buy_error=error.args[0])
        return request.redirect(order.get_portal_url())

    @http.route(
        "/my/cards/<int:card_id>/renew",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def portal_card_renew(self, card_id, **kwargs):
        card_sudo = self._sports_card_check_access(card_id, holder=True)
        try:
            with request.env.cr.savepoint():
                # The card was checked to be the user's own; the type prices the order.
                order = request.env["sale.order"]._sports_card_renew_order(card_sudo)
        except UserError as error:
            return self._render_card(card_sudo, renew_error=error.args[0])
        return request.redirect(order.get_portal_url())
