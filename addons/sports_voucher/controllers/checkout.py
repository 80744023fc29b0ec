"""The sports voucher box of a booking's order page: apply a held voucher, remove it."""

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal

SESSION_ERROR = "sports_voucher_error"


class SportsVoucherCheckout(CustomerPortal):
    @http.route(
        "/my/orders/<int:order_id>/voucher",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def sports_voucher_checkout(
        self, order_id, voucher_id=None, op="apply", access_token=None, **kw
    ):
        """Apply (reserve) or remove one of the member's own vouchers on their order. The
        discount is computed on the server from the order's lines; the form only names the
        voucher. Refusals come back on the order page."""
        if order_id > 2**31 - 1:
            return request.redirect("/my")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        voucher_id = str(voucher_id or "")
        voucher = request.env["sports.voucher"]
        if voucher_id.isdecimal() and len(voucher_id) < 10:
            # sudo: only a voucher of the signed-in member, looked up by their partner.
            voucher = voucher.sudo().search(
                [("id", "=", int(voucher_id)), ("partner_id", "=", request.env.user.partner_id.id)],
                limit=1,
            )
        try:
            if not voucher:
                raise UserError(request.env._("This voucher is not yours, or no longer exists."))
            with request.env.cr.savepoint():
                if op == "remove":
                    order_sudo._sports_voucher_remove(voucher)
                elif op == "apply":
                    order_sudo._sports_voucher_apply(voucher)
                else:
                    raise UserError(request.env._("Choose to apply or to remove the voucher."))
        except UserError as exc:
            request.session[SESSION_ERROR] = exc.args[0]
        return request.redirect(order_sudo.get_portal_url(anchor="sports_voucher"))
