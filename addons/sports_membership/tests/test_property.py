from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CardCase

AMOUNTS = st.decimals(min_value="0.01", max_value="1500", places=2).map(float)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("topup"), AMOUNTS),
        st.tuples(st.just("spend"), AMOUNTS),
        st.tuples(
            st.just("adjust"), st.decimals(min_value="-200", max_value="200", places=2).map(float)
        ),
        st.tuples(st.just("refund"), st.just(0.0)),
    ),
    max_size=12,
)


@tagged("post_install", "-at_install")
class TestLedgerProperties(CardCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(operations=OPERATIONS)
    def test_any_sequence_keeps_balance_equal_to_moves_and_not_negative(self, operations):
        card = self.new_card()
        for operation, amount in operations:
            try:
                with self.env.cr.savepoint():
                    if operation == "topup":
                        card.topup(amount, self.key(), ref="p")
                    elif operation == "spend":
                        card.charge(amount, self.key(), ref="p")
                    elif operation == "adjust" and amount:
                        card.adjust("property", self.key(), paid=amount)
                    elif operation == "refund":
                        card.refund()
            except UserError:
                card.invalidate_recordset()
            for field in ("balance_paid", "balance_bonus", "deposit_balance"):
                self.assertGreaterEqual(card[field], 0)
            self.assertLedgerSound(card)
            moves = card.move_ids
            self.assertAlmostEqual(card.balance_paid, sum(moves.mapped("amount_paid")), 2)
            self.assertAlmostEqual(card.balance_bonus, sum(moves.mapped("amount_bonus")), 2)
