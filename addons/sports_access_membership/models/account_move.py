from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        """A paid invoice of a gate entry closes its arrear and opens the card's gates."""
        result = super()._invoice_paid_hook()
        # sudo: the gates follow the payment, whoever registers it.
        arrears = self.env["sports.card.arrear"].sudo().search([("invoice_id", "in", self.ids)])
        if arrears:
            arrears.card_id._access_sync()
        return result
