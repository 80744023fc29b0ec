from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        # A payment taken back from an arrear invoice blocks the card again.
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        result = super().unlink()
        moves._sync_arrear_cards()
        return result
