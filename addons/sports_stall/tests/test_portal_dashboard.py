"""The operator dashboard (issue 16): the sales analysis per stall, day and settled flag,
and the stall cards' sales this month, commission earned and unsettled sales."""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .portal_common import StallPortalFixture


@tagged("post_install", "-at_install")
class TestStallDashboard(StallPortalFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpStallFixture()

    def rows(self, stall):
        return self.env["sports.stall.sales.report"].search([("stall_id", "=", stall.id)])

    def test_sales_analysis_sums_each_stalls_day_for_its_merchant(self):
        rows_a, rows_b = self.rows(self.stall_a), self.rows(self.stall_b)
        self.assertEqual(len(rows_a), 1, "one day, not settled")
        self.assertEqual(rows_a.amount, 88.0)
        self.assertEqual(rows_a.order_count, 2)
        self.assertEqual(rows_a.quantity, 4)
        self.assertFalse(rows_a.settled)
        self.assertEqual(rows_a.partner_id, self.merchant_a)
        self.assertEqual(rows_a.contract_id, self.contract_a)
        self.assertEqual(
            rows_a.date, self.venue._local_date(self.pos_session.order_ids[0].date_order)
        )
        self.assertEqual(rows_b.amount, 66.6)
        self.assertEqual(rows_b.partner_id, self.merchant_b)

    def test_a_session_marker_settles_that_stalls_sales_only(self):
        self.env["sports.stall.session.settled"].create(
            {
                "session_id": self.pos_session.id,
                "stall_id": self.stall_a.id,
                "settlement_id": self.settlement_a.id,
            }
        )
        self.env.flush_all()
        self.assertTrue(self.rows(self.stall_a).settled)
        self.assertFalse(self.rows(self.stall_b).settled)
        self.assertEqual(self.stall_a.dashboard_unsettled_sales, 0.0)
        self.assertEqual(self.stall_b.dashboard_unsettled_sales, 66.6)

    def test_stall_cards_show_month_sales_commission_and_unsettled(self):
        stalls = self.stall_a | self.stall_b
        self.assertEqual(stalls.mapped("dashboard_month_sales"), [88.0, 66.6])
        self.assertEqual(stalls.mapped("dashboard_unsettled_sales"), [88.0, 66.6])
        self.assertEqual(
            stalls.mapped("dashboard_year_commission"),
            [self.settlement_a.commission_amount, self.settlement_b.commission_amount],
        )

    def test_unpaid_orders_are_no_sales(self):
        self.env["pos.order"].create(
            {
                "session_id": self.pos_session.id,
                "company_id": self.company.id,
                "amount_tax": 0.0,
                "amount_total": 999.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
                "lines": [
                    Command.create(
                        {
                            "name": "unpaid",
                            "product_id": self.product_b.id,
                            "qty": 30,
                            "price_unit": 33.3,
                            "price_subtotal": 999.0,
                            "price_subtotal_incl": 999.0,
                        }
                    )
                ],
            }
        )
        self.env.flush_all()
        self.assertEqual(self.rows(self.stall_b).amount, 66.6)
        self.assertEqual(self.stall_b.dashboard_month_sales, 66.6)
