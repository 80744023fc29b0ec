from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # A cancelled arrear invoice forgives the entry: the card opens again; one reset
            # to draft is still owed.
            self._sync_arrear_cards()
        return result

    def _invoice_paid_hook(self):
        """A paid invoice of a gate entry closes its arrear and opens the card's gates."""
        result = super()._invoice_paid_hook()
        self._sync_arrear_cards()
        return result

    def _sync_arrear_cards(self):
        """Hand the gates the cards whose arrears these invoices settle, forgive or reopen."""
        # sudo: the gates follow the invoice, whoever pays, cancels or unreconciles it.
        arrears = self.env["sports.card.arrear"].sudo().search([("invoice_id", "in", self.ids)])
        if arrears:
            arrears.card_id._access_sync()
