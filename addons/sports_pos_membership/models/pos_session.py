from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _sports_clearing_accounts(self):
        """The clearing accounts this session's close reconciles: the receivables of its
        member card payment methods (the card sale bridge adds the top-up clearing)."""
        methods = self.payment_method_ids.filtered(
            lambda method: method.use_payment_terminal == "sports_card"
        )
        return methods.receivable_account_id.filtered("reconcile")

    def _sports_clearing_card_moves(self):
        """The card ledger moves of this session's orders posted against a clearing
        account: the charges of its card payments and the credits of its card refunds.
        Extend it with other such moves (the card sale bridge's top-ups); their entries'
        lines on ``_sports_clearing_accounts`` are reconciled with the session's."""
        orders = self._get_closed_orders()
        moves = orders._sports_card_spends()
        refunds = orders._sports_card_payments().filtered(lambda payment: payment.amount < 0)
        if refunds:
            spends = refunds.pos_order_id._sports_card_refunded_orders()._sports_card_spends()
            keys = [payment._sports_refund_key(spend) for payment in refunds for spend in spends]
            if keys:
                moves |= moves.search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("kind", "=", "spend_refund"),
                        ("idempotency_key", "in", keys),
                    ]
                )
        return moves

    def _reconcile_account_move_lines(self, data):
        data = super()._reconcile_account_move_lines(data)
        self._sports_reconcile_clearing()
        return data

    def _sports_reconcile_clearing(self):
        """Reconcile the session's debit of each clearing account with the card ledger's
        entries for the same payments, as pos_online_payment does with its payments: a
        closed session leaves each clearing account at zero."""
        self.ensure_one()
        accounts = self._sports_clearing_accounts()
        if not accounts:
            return
        card_moves = self._sports_clearing_card_moves()
        # The session's card spends wait for the card accounting batch: it posts them
        # now, so that the session closes with its clearing accounts at zero.
        card_moves._post_pending_accounting()
        # sudo: closing is done for the cashier; the ledger's entries are the system's.
        entries = self.sudo().move_id | card_moves.account_move_id
        lines = entries.line_ids.filtered(
            lambda line: (
                line.account_id in accounts
                and not line.reconciled
                and line.parent_state == "posted"
            )
        )
        for account in accounts:
            account_lines = lines.filtered(lambda line, account=account: line.account_id == account)
            if account_lines:
                account_lines.with_context(no_cash_basis=True).reconcile()
