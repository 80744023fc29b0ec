from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_post_hook(self, data):
        # A credit note reversing an arrear invoice forgives the entry.
        result = super()._reconcile_post_hook(data)
        self.move_id._sync_arrear_cards()
        return result
