"""A member card's page in the portal shows the card's gate QR."""

from odoo.addons.sports_membership.controllers.portal import SportsMembershipPortal


class SportsAccessMembershipPortal(SportsMembershipPortal):
    def _render_card(self, card_sudo, *args, **kwargs):
        response = super()._render_card(card_sudo, *args, **kwargs)
        qr = card_sudo.access_entitlement_id.credential_ids.filtered(
            lambda c: c.kind == "qr" and c.state == "active"
        )[:1]
        if qr and hasattr(response, "qcontext"):
            # The card's signed gate QR, drawn on the server and sent inside the page:
            # its token never appears in a URL. As large as the card number's QR it
            # replaces (a stored-value card has both since it pays at the gates).
            response.qcontext["qr_src"] = qr._qr_data_uri(size=300)
        return response
