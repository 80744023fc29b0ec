from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .settle_common import SettleCommon


@tagged("post_install", "-at_install")
class TestSettleEngine(SettleCommon):
    """The settlement run: amounts by day, category and method, charges and documents."""

    def _sell_the_example(self):
        o1 = self._sync([(self.noodles, 2)], payments=[(self.cash, 37.6)])
        o2 = self._sync(
            [(self.tea, 3)], payments=[(self.bank, 10.0), (self.cash, 20.0), (self.cash, -10.5)]
        )
        o3 = self._sync([(self.noodles, 1), (self.tea, 1)], payments=[(self.bank, 25.3)])
        self._close_fast()
        return o1 + o2 + o3

    def test_settlement_splits_by_category_and_method_to_the_cent(self):
        self.contract.rent_amount = 20.0
        orders = self._sell_the_example()
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.name.startswith("STR/"))
        settlement = run.settlement_ids
        self.assertEqual(len(settlement), 1)
        day = self.venue._local_date(orders[0].date_order)
        got = {
            (line.date, line.categ_id, line.payment_method_id): (
                line.gross_amount,
                line.commission_amount,
                line.fee_amount,
                line.order_count,
            )
            for line in settlement.line_ids
        }
        self.assertEqual(
            got,
            {
                (day, self.categ_food, self.cash): (37.6, 3.76, 0.0, 1),
                (day, self.categ_food, self.bank): (18.8, 1.88, 0.11, 1),
                # 10.00 of the 19.50 paid by card, 9.50 in cash (20.00 less 10.50 change)
                (day, self.categ_tea, self.bank): (16.5, 3.3, 0.1, 2),
                (day, self.categ_tea, self.cash): (9.5, 1.9, 0.0, 1),
            },
        )
        self.assertAlmostEqual(settlement.gross_amount, 82.4)
        self.assertAlmostEqual(settlement.commission_amount, 10.84)
        self.assertAlmostEqual(settlement.fee_amount, 0.21)
        self.assertAlmostEqual(settlement.rent_amount, 20.0)
        self.assertAlmostEqual(settlement.guarantee_topup, 0.0)
        self.assertAlmostEqual(settlement.charges_tax, 1.86)
        self.assertAlmostEqual(settlement.charges_total, 32.91)
        self.assertAlmostEqual(settlement.net_amount, 49.49)
        self.assertSettlementAddsUp(settlement)
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.partner_id, self.merchant)
        self.assertEqual(settlement.session_settled_ids.session_id, orders.session_id)
        # The documents: a bill without tax on the collections account, an invoice of the
        # charges with the operator's VAT, netted.
        bill, invoice = settlement.bill_id, settlement.invoice_id
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "posted"))
        self.assertAlmostEqual(bill.amount_total, 82.4)
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        self.assertEqual(bill.invoice_line_ids.account_id, self._collections_account(self.stall))
        self.assertEqual(bill.partner_bank_id, self.contract.bank_account_id)
        self.assertEqual((invoice.move_type, invoice.state), ("out_invoice", "posted"))
        self.assertAlmostEqual(invoice.amount_untaxed, 31.05)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.vat)
        self.assertEqual(settlement.netting_move_id.state, "posted")
        self.assertAlmostEqual(bill.amount_residual, 49.49)
        self.assertEqual(invoice.payment_state, "paid")
        action = settlement.action_view_bill()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", bill.id))
        self.assertEqual(settlement.action_view_invoice()["res_id"], invoice.id)

    def test_charges_above_sales_leave_the_merchant_owing(self):
        self._sell_the_example()
        settlement = self._run().settlement_ids
        # 82.40 of sales against 1,000 rent: the bill is settled by netting, the invoice
        # keeps what the merchant owes.
        self.assertAlmostEqual(settlement.net_amount, -989.31)
        self.assertEqual(settlement.bill_id.payment_state, "paid")
        self.assertAlmostEqual(settlement.invoice_id.amount_residual, 989.31)
        self.assertSettlementAddsUp(settlement)

    def test_minimum_guarantee_tops_the_commission_up(self):
        self.contract.write({"min_guarantee": 100.0, "rent_amount": 0.0})
        self._sell_the_example()
        settlement = self._run().settlement_ids
        self.assertAlmostEqual(settlement.commission_amount, 10.84)
        self.assertAlmostEqual(settlement.guarantee_topup, 89.16)
        invoice_lines = settlement.invoice_id.invoice_line_ids
        self.assertIn(89.16, invoice_lines.mapped("price_unit"))
        self.assertSettlementAddsUp(settlement)

    def test_rerun_settles_nothing_new(self):
        self._sell_the_example()
        run = self._run()
        with self.assertRaises(UserError):
            run.action_run()
        counts = self._counts()
        # The next period: the sessions of the first run are marked, nothing is settled
        # twice; only the rent of the new period is charged.
        settlement = self._run(start=2, end=8).settlement_ids
        self.assertFalse(settlement.line_ids)
        self.assertEqual(settlement.gross_amount, 0.0)
        self.assertFalse(settlement.bill_id)
        self.assertFalse(settlement.session_settled_ids)
        self.assertAlmostEqual(settlement.invoice_id.amount_untaxed, 1000.0)
        self.assertEqual(
            self._counts()["sports.stall.session.settled"],
            counts["sports.stall.session.settled"],
        )

    def test_refund_after_settlement_falls_into_the_next_run(self):
        self.contract.rent_amount = 0.0
        self._sell_the_example()
        first = self._run().settlement_ids
        self.assertAlmostEqual(first.gross_amount, 82.4)
        # A late refund of two noodles, in a session closed after the run.
        self._sync([(self.noodles, -2)], payments=[(self.cash, -37.6)])
        self._close_fast()
        second = self._run(start=2, end=8).settlement_ids
        self.assertAlmostEqual(second.gross_amount, -37.6)
        self.assertAlmostEqual(second.commission_amount, -3.76)
        self.assertEqual(second.line_ids.payment_method_id, self.cash)
        self.assertEqual(second.bill_id.move_type, "in_refund")
        self.assertAlmostEqual(second.bill_id.amount_total, 37.6)
        self.assertEqual(second.invoice_id.move_type, "out_refund")
        self.assertFalse(second.netting_move_id)
        self.assertSettlementAddsUp(second)

    def test_settled_period_is_locked(self):
        self._sell_the_example()
        self._run()
        self._sync([(self.noodles, 1)], payments=[(self.cash, 18.8)])
        self._close_fast()
        counts = self._counts()
        overlapping = self._new_run(start=0, end=6)
        with self.assertRaisesRegex(UserError, "already settled"):
            overlapping.action_run()
        self.assertEqual(self._counts(), counts)
        self.assertEqual(overlapping.state, "draft")

    def test_settled_run_is_read_only(self):
        self._sell_the_example()
        run = self._run()
        settlement = run.settlement_ids
        with self.assertRaises(UserError):
            run.date_to = self.today + timedelta(days=3)
        with self.assertRaises(UserError):
            run.unlink()
        with self.assertRaises(UserError):
            settlement.net_amount = 0.0
        with self.assertRaises(UserError):
            settlement.line_ids[0].gross_amount = 1.0
        with self.assertRaises(UserError):
            settlement.line_ids.unlink()
        self.assertAlmostEqual(settlement.gross_amount, 82.4)

    def test_sales_without_contract_fail_the_run_and_write_nothing(self):
        other = self._make_stall("Bubble tea", "S2")
        bubble = self._make_product("Bubble tea cup", other.product_category_id, 6.5, other)
        self._sell_the_example()
        self._sync([(bubble, 1)], payments=[(self.cash, 6.5)])
        self._close_fast()
        counts = self._counts()
        run = self._new_run(stall_ids=[(6, 0, (self.stall + other).ids)])
        with self.assertRaisesRegex(UserError, "Bubble tea"):
            run.action_run()
        self.assertEqual(self._counts(), counts)
        self.assertEqual(run.state, "draft")

    def test_failure_while_posting_rolls_everything_back(self):
        # A tax included in the price is refused once settlements and moves exist.
        included = self.vat.copy({"name": "Included VAT", "price_include_override": "tax_included"})
        self.contract.charge_tax_ids = included
        self._sell_the_example()
        counts = self._counts()
        run = self._new_run()
        with self.assertRaisesRegex(UserError, "Included VAT"):
            run.action_run()
        self.assertEqual(self._counts(), counts)
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.settlement_ids)

    def test_merchant_change_within_a_run_is_refused(self):
        self.contract.date_end = self.today - timedelta(days=1)
        self.env.flush_all()
        newcomer = self.env["res.partner"].create({"name": "Li's Dumplings"})
        self._make_contract(self.stall, newcomer, date_start=self.today)
        # Yesterday's sale by the old merchant, today's by the new one.
        old = self._sync([(self.noodles, 1)], payments=[(self.cash, 18.8)])
        old.date_order = old.date_order - timedelta(days=1)
        self._sync([(self.noodles, 1)], payments=[(self.cash, 18.8)])
        self._close_fast()
        counts = self._counts()
        with self.assertRaisesRegex(UserError, "separate|own"):
            self._new_run().action_run()
        self.assertEqual(self._counts(), counts)
