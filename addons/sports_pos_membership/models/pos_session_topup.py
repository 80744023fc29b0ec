from odoo import models


class PosSession(models.Model):
    # The top-up clearing account, reconciled here on its own; the card payment clearing
    # (``_sports_clearing_accounts``) lives in pos_session.py.
    _inherit = "pos.session"  # pylint: disable=consider-merging-classes-inherited

    def _reconcile_account_move_lines(self, data):
        data = super()._reconcile_account_move_lines(data)
        self._sports_reconcile_topup_clearing()
        return data

    def _sports_reconcile_topup_clearing(self):
        """Reconcile the session's top-ups and card deposits on the clearing account: the
        session's entry credits it, the card ledger's entries of the session's lines debit
        it (keys ``pos-line-<uuid>``), so it is at zero for each closed session."""
        self.ensure_one()
        clearing = self.company_id.card_pos_clearing_account_id
        if not clearing:
            return
        orders = self._get_closed_orders()
        lines = orders.lines.filtered(lambda line: line._sports_card_role() in ("topup", "deposit"))
        if not lines:
            return
        keys = [f"pos-line-{line.uuid}" for line in lines]
        # sudo: the session is closed by POS users without card or accounting rights.
        moves = (
            self.env["sports.card.move"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("idempotency_key", "in", keys)])
        )
        entries = self.sudo().move_id | orders.sudo().account_move | moves.account_move_id
        to_reconcile = entries.line_ids.filtered(
            lambda aml: (
                aml.account_id == clearing and not aml.reconciled and aml.parent_state == "posted"
            )
        )
        if to_reconcile:
            to_reconcile.reconcile()
