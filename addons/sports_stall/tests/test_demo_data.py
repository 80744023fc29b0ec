from datetime import timedelta
from unittest import SkipTest

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.sports_stall.models.sports_stall_demo import MAX_DAYS

TILLS = ("pos_config_food_court", "pos_config_shop", "pos_config_services")
STALLS = ("food", "drinks", "shop", "training", "kids", "massage")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo complex's stalls as scripts/run and scripts/test load them: a month and
    more of sales, the previous month settled, the merchant's login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue = cls.env.ref("sports_venue.venue_csc")
        if not cls.env.ref("sports_stall.pos_config_food_court", raise_if_not_found=False):
            raise SkipTest("sports_stall was installed without demo data")
        cls.tills = cls.env["pos.config"].union(
            *(cls.env.ref(f"sports_stall.{xmlid}") for xmlid in TILLS)
        )
        cls.stalls = cls.env["sports.stall"].union(
            *(cls.env.ref(f"sports_stall.stall_{key}") for key in STALLS)
        )
        cls.today = cls.venue._local_date(fields.Datetime.now())
        cls.first = (cls.today.replace(day=1) - timedelta(days=1)).replace(day=1)
        cls.last_settled = cls.today.replace(day=1) - timedelta(days=1)
        cls.first_sale = max(cls.first, cls.today - timedelta(days=MAX_DAYS))

    def test_each_till_closed_one_session_a_day_within_opening_hours(self):
        days = {
            self.first_sale + timedelta(days=n)
            for n in range((self.today - self.first_sale).days)
            if self.venue._day_open_intervals(self.first_sale + timedelta(days=n))
        }
        for till in self.tills:
            sessions = self.env["pos.session"].search([("config_id", "=", till.id)])
            self.assertEqual(set(sessions.mapped("state")), {"closed"}, till.name)
            self.assertEqual(
                sorted(self.venue._local_date(s.start_at) for s in sessions), sorted(days)
            )
            for session in sessions:
                day = self.venue._local_date(session.start_at)
                self.assertEqual(self.venue._local_date(session.stop_at), day)
                orders = session.order_ids
                self.assertTrue(5 <= len(orders.filtered(lambda o: o.amount_total > 0)) <= 15)
                for order in orders:
                    self.assertTrue(self.venue._is_open(order.date_order), order.name)
                    self.assertEqual(self.venue._local_date(order.date_order), day)
                    self.assertTrue(
                        all(p.payment_date == order.date_order for p in order.payment_ids),
                        order.name,
                    )
                # The session's entries are dated on its day, named in its sequence.
                for move in session._get_related_account_moves():
                    self.assertEqual(move.date, day, move.name)
                    self.assertTrue(move._sequence_matches_date(), move.name)
                    self.assertEqual(
                        (move.sequence_prefix, move.sequence_number),
                        (
                            move.name[: len(move.sequence_prefix)],
                            int(move.name[len(move.sequence_prefix) :]),
                        ),
                    )

    def test_sales_cover_every_stall_payment_method_refunds_and_mixed_orders(self):
        lines = self.env["pos.order.line"].search([("order_id.config_id", "in", self.tills.ids)])
        self.assertEqual(lines.sports_stall_id, self.stalls)
        self.assertTrue(lines.filtered(lambda line: line.refunded_orderline_id))
        methods = lines.order_id.payment_ids.payment_method_id
        self.assertTrue(methods.filtered("is_cash_count"))
        self.assertTrue(methods.filtered(lambda m: m.journal_id.type == "bank"))
        if "sports.card" in self.env:
            self.assertTrue(methods.filtered(lambda m: m.use_payment_terminal == "sports_card"))
        food_court = lines.filtered(
            lambda line: (
                line.order_id.config_id == self.env.ref("sports_stall.pos_config_food_court")
            )
        )
        mixed = food_court.order_id.filtered(lambda o: len(o.lines.sports_stall_id) == 2)
        sessions = food_court.order_id.session_id
        self.assertEqual(mixed.session_id, sessions, "one mixed-stall order a day")

    def test_previous_month_is_settled_and_this_month_is_open(self):
        run = self.env["sports.stall.settlement.run"].search(
            [("venue_id", "=", self.venue.id), ("state", "=", "done")]
        )
        self.assertEqual(len(run), 1)
        self.assertEqual((run.date_from, run.date_to), (self.first, self.last_settled))
        settlements = run.settlement_ids
        self.assertEqual(settlements.stall_id, self.stalls)
        self.assertTrue(all(s.bill_id.state == "posted" for s in settlements))
        self.assertTrue(all(s.invoice_id.state == "posted" for s in settlements))
        by_stall = {s.stall_id: s for s in settlements}
        self.assertGreater(by_stall[self.env.ref("sports_stall.stall_kids")].guarantee_topup, 0)
        self.assertEqual(by_stall[self.env.ref("sports_stall.stall_shop")].rent_amount, 3000)
        beer = by_stall[self.env.ref("sports_stall.stall_food")].line_ids.filtered(
            lambda line: line.categ_id == self.env.ref("sports_stall.product_category_food_beer")
        )
        self.assertTrue(beer)
        for line in beer:
            self.assertEqual(line.commission_amount, round(line.gross_amount * 0.20, 2))
        # Every settled session is of the previous month; this month's are not settled.
        settled = settlements.session_settled_ids.session_id
        self.assertTrue(
            all(self.venue._local_date(s.stop_at) <= self.last_settled for s in settled)
        )
        unsettled = self.env["pos.session"].search([("config_id", "in", self.tills.ids)]) - settled
        self.assertTrue(
            all(self.venue._local_date(s.stop_at) > self.last_settled for s in unsettled)
        )

    def test_each_collections_account_holds_the_unsettled_sales(self):
        """The general ledger reconciles to the settlements: what a stall's collections
        account still owes the merchant is the sales of the sessions no run settled."""
        for stall in self.stalls:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT COALESCE(SUM(l.price_subtotal_incl), 0) FROM pos_order_line l
                      JOIN pos_order o ON o.id = l.order_id
                     WHERE l.sports_stall_id = %(stall)s
                       AND NOT EXISTS (
                           SELECT 1 FROM sports_stall_session_settled m
                            WHERE m.session_id = o.session_id AND m.stall_id = %(stall)s)
                    """,
                    stall=stall.id,
                )
            )
            unsettled = rows[0][0]
            balance = sum(
                self.env["account.move.line"]
                .search(
                    [
                        ("account_id", "=", stall.collections_account_id.id),
                        ("parent_state", "=", "posted"),
                    ]
                )
                .mapped("balance")
            )
            self.assertAlmostEqual(-balance, float(unsettled), places=2, msg=stall.name)

    def test_merchant_login_sees_its_own_statements_only(self):
        merchant = self.env.ref("sports_stall.user_merchant")
        self.assertTrue(merchant._is_portal())
        food = self.env.ref("sports_stall.contract_food").partner_id
        self.assertEqual(merchant.partner_id.commercial_partner_id, food)
        settlements = self.env["sports.stall.settlement"].with_user(merchant).search([])
        self.assertTrue(settlements)
        self.assertEqual(settlements.stall_id, self.env.ref("sports_stall.stall_food"))
