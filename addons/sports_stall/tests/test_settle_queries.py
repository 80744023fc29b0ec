from odoo.tests import tagged

from .settle_common import SettleCommon


@tagged("post_install", "-at_install")
class TestSettleQueries(SettleCommon):
    """A run reads the sales in one query: its query count does not grow with orders."""

    def _stall_with_sales(self, name, code, count):
        stall = self._make_stall(name, code)
        self._make_contract(stall, self.env["res.partner"].create({"name": f"{name} Ltd"}))
        drinks = self.env["product.category"].create(
            {"name": f"{name} drinks", "parent_id": stall.product_category_id.id}
        )
        noodles = self._make_product(f"{name} noodles", stall.product_category_id, 18.8, stall)
        tea = self._make_product(f"{name} tea", drinks, 6.5, stall)
        specs = [
            (
                [(noodles, 1 + i % 3, 18.8), (tea, 1, 6.5)],
                [(self.bank, 10.0, False), (self.cash, 15.3 + 18.8 * (i % 3), False)],
            )
            for i in range(count)
        ]
        self._orders(specs)
        return stall

    def _queries_of_run(self, stall):
        run = self._new_run(stall_ids=[(6, 0, stall.ids)])
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        run.action_run()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, run.settlement_ids

    def test_query_count_is_flat_from_10_to_1000_orders(self):
        warm = self._stall_with_sales("Warm-up", "Q0", 10)
        few = self._stall_with_sales("Few", "Q1", 10)
        many = self._stall_with_sales("Many", "Q2", 1000)
        self._close_fast()
        self._queries_of_run(warm)
        few_queries, few_settlement = self._queries_of_run(few)
        many_queries, many_settlement = self._queries_of_run(many)
        self.assertEqual(len(few_settlement.line_ids), len(many_settlement.line_ids))
        self.assertEqual(sum(few_settlement.line_ids.mapped("order_count")), 4 * 10)
        self.assertAlmostEqual(many_settlement.gross_amount, 1000 * 6.5 + 18.8 * 1999, places=2)
        self.assertEqual(few_queries, many_queries)
