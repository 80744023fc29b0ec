from odoo.tests import tagged

from .settle_common import SettleCommon


@tagged("post_install", "-at_install")
class TestSettleLedger(SettleCommon):
    """The general ledger reconciles to the settlements: closing real POS sessions credits
    the stall's collections account with its sales, and the settlement's bill clears it."""

    def _account_balance(self, account, moves):
        lines = moves.line_ids.filtered(lambda line: line.account_id == account)
        return self.currency.round(sum(lines.mapped("balance")))

    def test_collections_account_balances_to_the_settlement_gross(self):
        account = self._collections_account(self.stall)
        self._sync([(self.noodles, 2), (self.tea, 1)], payments=[(self.cash, 44.1)])
        self._sync([(self.tea, 4)], payments=[(self.bank, 10.0), (self.cash, 16.0)])
        first = self._close_real()
        self._sync([(self.noodles, 3)], payments=[(self.bank, 56.4)])
        self._sync([(self.noodles, -1)], payments=[(self.cash, -18.8)])
        second = self._close_real()
        sessions = first + second
        settlement = self._run().settlement_ids
        self.assertEqual(settlement.session_settled_ids.session_id, sessions)
        self.assertAlmostEqual(settlement.gross_amount, 44.1 + 26.0 + 56.4 - 18.8)
        # The sessions credited the collections account with exactly the gross...
        session_moves = sessions.move_id
        self.assertEqual(session_moves.mapped("state"), ["posted", "posted"])
        self.assertAlmostEqual(
            -self._account_balance(account, session_moves), settlement.gross_amount
        )
        # ... and the bill debits it back to zero.
        self.assertAlmostEqual(
            self._account_balance(account, session_moves + settlement.bill_id), 0.0
        )
        self.assertSettlementAddsUp(settlement)

    def test_late_refund_in_a_closed_session_reaches_the_ledger_and_the_next_run(self):
        account = self._collections_account(self.stall)
        self.contract.rent_amount = 0.0
        self._sync([(self.noodles, 2)], payments=[(self.cash, 37.6)])
        first_session = self._close_real()
        first = self._run().settlement_ids
        self._sync([(self.noodles, -1)], payments=[(self.cash, -18.8)])
        late_session = self._close_real()
        second = self._run(start=2, end=8).settlement_ids
        self.assertAlmostEqual(second.gross_amount, -18.8)
        self.assertEqual(second.session_settled_ids.session_id, late_session)
        moves = (first_session + late_session).move_id + first.bill_id + second.bill_id
        self.assertAlmostEqual(self._account_balance(account, moves), 0.0)
