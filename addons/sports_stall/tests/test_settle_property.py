from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .settle_common import SettleCommon

LINE = st.tuples(
    st.sampled_from(["noodles", "tea"]),
    st.integers(-3, 5).filter(bool),
    st.integers(1, 99_999),  # price in cents
)
ORDER = st.tuples(
    st.lists(LINE, min_size=1, max_size=4),
    st.sampled_from(["cash", "bank", "split", "change"]),
    st.integers(0, 100),  # the card's percentage of a split payment
    st.integers(1, 5_000),  # change in cents
)
CONTRACT = st.fixed_dictionaries(
    {
        "rent_amount": st.integers(0, 200_000).map(lambda c: c / 100),
        "min_guarantee": st.integers(0, 50_000).map(lambda c: c / 100),
        "commission_rate": st.integers(0, 3_000).map(lambda c: c / 100),
    }
)


@tagged("post_install", "-at_install")
class TestSettleProperty(SettleCommon):
    """Amounts are exact to the cent, whatever the orders, refunds and payments."""

    def _payments(self, total, mode, percent, change):
        """(method, amount, is_change) paying ``total`` cents."""
        if total == 0:
            return []
        if mode == "cash" or (mode == "change" and total < 0):
            return [(self.cash, total / 100, False)]
        if mode == "bank":
            return [(self.bank, total / 100, False)]
        card = total * percent // 100
        if mode == "split":
            return [(self.bank, card / 100, False), (self.cash, (total - card) / 100, False)]
        return [
            (self.bank, card / 100, False),
            (self.cash, (total - card + change) / 100, False),
            (self.cash, -change / 100, True),
        ]

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(orders=st.lists(ORDER, min_size=1, max_size=6), contract=CONTRACT)
    def test_settlement_adds_up_to_the_sales(self, orders, contract):
        savepoint = self.env.cr.savepoint()
        try:
            self._check_example(orders, contract)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def _check_example(self, orders, contract):
        self.contract.write(contract)
        products = {"noodles": self.noodles, "tea": self.tea}
        specs = []
        for lines, mode, percent, change in orders:
            total = sum(qty * cents for _p, qty, cents in lines)
            specs.append(
                (
                    [(products[name], qty, cents / 100) for name, qty, cents in lines],
                    self._payments(total, mode, percent, change),
                )
            )
        pos_orders = self._orders(specs)
        self._close_fast()
        settlement = self._run().settlement_ids
        self.assertEqual(len(settlement), 1)
        sold = pos_orders.lines
        self.assertEqual(
            self._cents(settlement.gross_amount),
            sum(self._cents(line.price_subtotal_incl) for line in sold),
        )
        for categ in sold.product_id.categ_id:
            self.assertEqual(
                sum(
                    self._cents(line.gross_amount)
                    for line in settlement.line_ids.filtered(lambda x, c=categ: x.categ_id == c)
                ),
                sum(
                    self._cents(line.price_subtotal_incl)
                    for line in sold.filtered(lambda x, c=categ: x.product_id.categ_id == c)
                ),
            )
        self.assertSettlementAddsUp(settlement)
        if settlement.bill_id:
            self.assertEqual(
                self._cents(settlement.bill_id.amount_total), abs(self._cents(settlement.gross_amount))
            )
            self.assertEqual(
                self._cents(settlement.bill_id.amount_total_signed),
                -self._cents(settlement.gross_amount),
            )
