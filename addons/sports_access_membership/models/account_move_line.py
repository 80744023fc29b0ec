from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_post_hook(self, data):
        # A credit note reversing an arrear invoice forgives the entry.
        result = super()._reconcile_post_hook(data)
        self.move_id._sync_arrear_cards()
        return result

    def remove_move_reconcile(self):
        # A payment taken back from an arrear invoice blocks the card again.
        moves = self.move_id | self.matched_debit_ids.debit_move_id.move_id
        moves |= self.matched_credit_ids.credit_move_id.move_id
        result = super().remove_move_reconcile()
        moves._sync_arrear_cards()
        return result
