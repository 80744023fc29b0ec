"""Bookings, utilisation and revenue by category, from posted invoices (and POS orders
when sports_pos is installed)."""

from datetime import datetime, time

from odoo.fields import Command
from odoo.tests import tagged

from .test_stats_compute import DAY, StatsCase, at


@tagged("post_install", "-at_install")
class TestStatsRevenue(StatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.court = cls.env["sports.space"].create(
            {"name": "Court 1", "venue_id": cls.venue.id, "area_id": cls.hall.id}
        )
        cls.customer = cls.people[3]
        Booking = cls.env["sports.booking"]
        cls.booking, cls.cancelled = Booking.create(
            [
                {
                    "space_id": cls.court.id,
                    "start_at": at(f"{DAY} 14:00"),
                    "end_at": at(f"{DAY} 16:00"),
                    "partner_id": cls.customer.id,
                    "state": "confirmed",
                },
                {
                    "space_id": cls.court.id,
                    "start_at": at(f"{DAY} 17:00"),
                    "end_at": at(f"{DAY} 18:00"),
                    "partner_id": cls.customer.id,
                    "state": "cancelled",
                },
            ]
        )
        cls.hire = cls.env["product.product"].create(
            {"name": "Court hire", "type": "service", "list_price": 100.0, "taxes_id": False}
        )
        ticket = cls.standard_type.product_id
        ticket.taxes_id = False
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.hire.id,
                            "product_uom_qty": 1,
                            "price_unit": 100.0,
                            "tax_ids": False,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": ticket.id,
                            "product_uom_qty": 2,
                            "price_unit": 30.0,
                            "tax_ids": False,
                        }
                    ),
                ],
            }
        )
        cls.booking.sale_line_id = order.order_line[0]
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = DAY
        invoice.action_post()
        # A second order whose invoice stays a draft: not revenue.
        draft = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": ticket.id,
                            "product_uom_qty": 5,
                            "price_unit": 30.0,
                            "tax_ids": False,
                        }
                    )
                ],
            }
        )
        draft.action_confirm()
        draft._create_invoices().invoice_date = DAY
        cls.stat = cls.Stat._compute_days(DAY, DAY, cls.venue)

    def test_bookings_and_utilisation(self):
        # One counted booking of 2 h (the cancelled one is not); one bookable court open
        # 12 h: 2 / 12 = 16.7 %.
        self.assertEqual((self.stat.booking_count, self.stat.booked_hours), (1, 2.0))
        self.assertEqual(self.stat.bookable_hours, 12.0)
        self.assertEqual(self.stat.utilisation, 16.7)

    def test_revenue_by_category_from_posted_invoices(self):
        stat = self.stat
        self.assertEqual((stat.revenue_booking, stat.revenue_ticket), (100.0, 60.0))
        self.assertEqual((stat.revenue_card, stat.revenue_other), (0.0, 0.0))
        self.assertEqual(stat.revenue_total, 160.0 + stat.revenue_goods + stat.revenue_stall)


@tagged("post_install", "-at_install")
class TestStatsPosRevenue(StatsCase):
    """POS goods, when sports_pos is installed: a paid order of the venue's front desk."""

    def test_pos_goods_and_tickets_by_the_orders_local_day(self):
        if "pos.config" not in self.env or "sports_venue_id" not in self.env["pos.config"]._fields:
            self.skipTest("sports_pos is not installed")
        config = self.env["pos.config"].search([("sports_venue_id", "!=", False)], limit=1)
        if not config:
            self.skipTest("no front desk in the demo data")
        session = config.current_session_id or self.env["pos.session"].create(
            {"config_id": config.id}
        )
        venue = session.config_id.sports_venue_id
        goods = self.env["product.product"].create(
            {"name": "Water bottle", "type": "consu", "list_price": 4.0, "taxes_id": False}
        )
        ticket = self.env["sports.ticket.type"].create(
            {"name": "POS single", "venue_id": venue.id, "price": 25.0}
        )
        before = self.Stat._compute_days(DAY, DAY, venue)
        before = (before.revenue_goods, before.revenue_ticket)
        Order = self.env["pos.order"]
        # 23:30 local on DAY is still DAY; a cancelled order is not revenue.
        moment = venue._to_utc(datetime.combine(DAY, time(23, 30)))
        for state, qty in (("paid", 3), ("cancel", 10)):
            Order.create(
                {
                    "session_id": session.id,
                    "date_order": moment,
                    "state": state,
                    "amount_tax": 0.0,
                    "amount_total": 4.0 * qty + 25.0,
                    "amount_paid": 4.0 * qty + 25.0,
                    "amount_return": 0.0,
                    "lines": [
                        Command.create(
                            {
                                "product_id": goods.id,
                                "qty": qty,
                                "price_unit": 4.0,
                                "price_subtotal": 4.0 * qty,
                                "price_subtotal_incl": 4.0 * qty,
                            }
                        ),
                        Command.create(
                            {
                                "product_id": ticket.product_id.id,
                                "qty": 1,
                                "price_unit": 25.0,
                                "price_subtotal": 25.0,
                                "price_subtotal_incl": 25.0,
                            }
                        ),
                    ],
                }
            )
        stat = self.Stat._compute_days(DAY, DAY, venue)
        self.assertEqual(
            (stat.revenue_goods, stat.revenue_ticket), (before[0] + 12.0, before[1] + 25.0)
        )
