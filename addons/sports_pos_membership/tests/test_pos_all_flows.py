"""One desk session with every front-desk flow in it, closed: the books balance.

Tickets, goods from stock, a rental with its deposit, a timed item, a card sold with its
deposit, a top-up with bonus, a card payment and, when the booking bridge is installed, a
court booking. After the close, both clearing accounts are at zero and reconciled, and the
card liability report equals the general ledger to the cent.
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sports_venue.tests.common import open_every_day

from .test_pos_card_payment import CardPaymentCase


@tagged("post_install", "-at_install")
class TestPosSessionWithEveryFlow(CardPaymentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        untaxed = {"available_in_pos": True, "taxes_id": [Command.clear()]}
        cls.ticket_type = cls.env["sports.ticket.type"].create(
            {"name": "Every Flow Swim", "venue_id": cls.venue.id, "kind": "single", "price": 30.0}
        )
        cls.ticket_type.product_id.write(untaxed)
        cls.value_type = cls.env["sports.card.type"].create(
            {
                "name": "Every Flow Value Card",
                "kind": "stored_value",
                "price": 50.0,
                "deposit": 20.0,
                "topup_ids": [Command.create({"amount_min": 500.0, "bonus": 30.0})],
            }
        )
        cls.card_deposit = cls.env.ref("sports_membership.product_card_deposit")
        cls.topup_product = cls.env.ref("sports_membership.product_card_topup")
        sold = cls.value_type.product_id | cls.card_deposit | cls.topup_product
        # The POS test fixture may archive every product available in the POS.
        sold.product_tmpl_id.write({"active": True})
        sold.write({"active": True, **untaxed})
        cls.water = Product.create(
            {"name": "Every Flow Water", "is_storable": True, "list_price": 3.0, **untaxed}
        )
        cls.rental_deposit_account = cls.company._sports_rental_deposit_account()
        cls.racket_deposit = Product.create(
            {
                "name": "Every Flow Racket Deposit",
                "type": "service",
                "list_price": 100.0,
                "property_account_income_id": cls.rental_deposit_account.id,
                **untaxed,
            }
        )
        cls.racket = Product.create(
            {
                "name": "Every Flow Racket",
                "type": "service",
                "list_price": 10.0,
                "sports_rental_ok": True,
                "sports_rental_deposit_product_id": cls.racket_deposit.id,
                **untaxed,
            }
        )
        cls.table_product = Product.create(
            {"name": "Every Flow Table", "type": "service", "list_price": 20.0, **untaxed}
        )
        cls.table = cls.env["sports.timed.item"].create(
            {
                "name": "Every Flow Table 1",
                "venue_id": cls.venue.id,
                "product_id": cls.table_product.id,
                "period_minutes": 30,
                "price": 20.0,
            }
        )

        # Court bookings come with the booking bridge, which this addon does not need.
        cls.court = None
        if "sports_space_id" in cls.env["pos.order.line"]._fields:
            cls.venue.resource_calendar_id = open_every_day(cls.env, "Every Flow 6-22", 6, 22)
            cls.court, cls.other_court = cls.env["sports.space"].create(
                [
                    {"name": "Every Flow Court", "venue_id": cls.venue.id},
                    {"name": "Every Flow Court 2", "venue_id": cls.venue.id},
                ]
            )
            cls.env["sports.price.rule"].create(
                {"name": "Every Flow", "venue_id": cls.venue.id, "price_per_hour": 80.0}
            )
            cls.booking_product = cls.env.ref("sports_booking.product_court_booking")
            cls.booking_product.product_tmpl_id.write({"active": True, **untaxed})

    def paid(self, name, lines, payments=None):
        """Sync an order of ``lines``, paid in cash unless ``payments`` says otherwise."""
        data = self.create_ui_order_data(
            lines,
            pos_order_ui_args={"state": "paid", "access_token": f"{name}-token"},
            payments=payments,
            uuid=name,
        )
        total = sum(line[2]["price_subtotal_incl"] for line in data["lines"])
        if payments is None:
            data["amount_total"] = data["amount_paid"] = total
            data["payment_ids"][0][2]["amount"] = total
        for command in data["payment_ids"]:
            command[2]["uuid"] = f"{name}-pay-{command[2]['payment_method_id']}"
        return self.sync(data)

    @staticmethod
    def priced(product, price, **values):
        return {
            "product": product,
            "quantity": 1,
            "price_unit": price,
            "price_subtotal": price,
            "price_subtotal_incl": price,
            **values,
        }

    def gl(self, account, **domain):
        self.env.flush_all()
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
            + [(key, "=", value) for key, value in domain.items()]
        )
        return lines, self.currency.round(sum(lines.mapped("balance")))

    def test_a_session_with_every_flow_closes_balanced(self):
        card = self.new_card(0.0, card_type=self.value_type)
        # Tickets, goods, a rental, a timed table.
        ticket_order = self.paid("flow-ticket", [(self.ticket_type.product_id, 2)])
        self.paid("flow-goods", [(self.water, 2), (self.product, 1)])
        self.paid(
            "flow-rental",
            [
                (self.racket, 1),
                self.priced(self.racket_deposit, 100.0, sports_rental_product_id=self.racket.id),
            ],
        )
        now = fields.Datetime.now()
        Timed = self.env["sports.timed.session"]
        with freeze_time(now - timedelta(minutes=59)):
            Timed.pos_start(self.config.id, "item", self.table.id)
        session = Timed.search([("item_id", "=", self.table.id)])
        with freeze_time(now):
            Timed.pos_stop(self.config.id, session.id)
        self.assertEqual(session.amount, 40.0, "two started half hours")
        self.paid(
            "flow-timed",
            [self.priced(self.table_product, 40.0, sports_timed_session_id=session.id)],
        )
        # A card sold with its deposit, a top-up with bonus, a payment by card.
        self.paid(
            "flow-card-sale",
            [
                self.priced(
                    self.value_type.product_id,
                    50.0,
                    uuid="flow-card",
                    sports_card_holder_name="Han Mei",
                    sports_card_holder_phone="13700137000",
                ),
                self.priced(self.card_deposit, 20.0, sports_card_for_line_uuid="flow-card"),
            ],
        )
        self.paid(
            "flow-topup", [self.priced(self.topup_product, 500.0, sports_card_number=card.name)]
        )
        self.assertEqual(card.balance_total, 530.0, "500 paid and 30 bonus")
        self.sync_card_paid_order(card)
        self.assertEqual(card.balance_total, 500.0)
        if self.court:
            self.book_court_paid_by_card(card)
            self.assertEqual(card.balance_total, 420.0)
        self.assertEqual(len(ticket_order.lines.sports_ticket_ids), 2)
        sold_card = self.env["sports.card"].search([("type_id", "=", self.value_type.id)]) - card
        self.assertEqual(len(sold_card), 1)
        self.assertEqual(sold_card.deposit_balance, 20.0)

        pos_session = self.pos_session
        cash = sum(
            pos_session.order_ids.payment_ids.filtered(
                lambda payment: payment.payment_method_id == self.cash_pm1
            ).mapped("amount")
        )
        self.assertEqual(cash, 60.0 + 36.0 + 110.0 + 40.0 + 70.0 + 500.0)
        pos_session.post_closing_cash_details(cash)
        pos_session.close_session_from_ui()
        self.assertEqual(pos_session.state, "closed")
        self.assertTrue(pos_session.move_id)

        for clearing in (self.clearing, self.company.card_pos_clearing_account_id):
            lines, balance = self.gl(clearing)
            self.assertTrue(lines, clearing.display_name)
            self.assertEqual(balance, 0.0, clearing.display_name)
            self.assertTrue(all(lines.mapped("reconciled")), clearing.display_name)
        _lines, deposits = self.gl(self.rental_deposit_account)
        self.assertEqual(deposits, -100.0, "the racket is still out")
        moved = self.env["stock.move"].search(
            [("product_id", "=", self.water.id), ("state", "=", "done")]
        )
        self.assertEqual(sum(moved.mapped("quantity")), 2.0)

        Card = self.env["sports.card"]
        report = sum(Card._liability_by_type(Card._today(), self.company).values())
        _lines, liability = self.gl(
            self.company.card_liability_account_id, company_id=self.company.id
        )
        self.assertAlmostEqual(report, -liability, places=2)
        self.assertEqual(Card._check_balance_integrity(companies=self.company), [])

    def test_a_card_for_some_courts_pays_for_those_only(self):
        if not self.court:
            self.skipTest("court bookings come with sports_pos_booking")
        court_card_type = self.env["sports.card.type"].create(
            {
                "name": "Every Flow Court 1 Card",
                "kind": "stored_value",
                "space_ids": [Command.set(self.court.ids)],
            }
        )
        card = self.new_card(200.0, card_type=court_card_type)
        with self.assertRaisesRegex(UserError, "not valid on"), self.env.cr.savepoint():
            self.book_court_paid_by_card(card, self.other_court, "flow-other-court")
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", "flow-other-court")]))
        self.assertEqual(card.balance_total, 200.0)
        # A card limited to some courts refuses a charge that names no space: paying
        # here proves the booking line passed its court to the charge.
        self.book_court_paid_by_card(card)
        self.assertEqual(card.balance_total, 120.0)

    def book_court_paid_by_card(self, card, court=None, name="flow-booking"):
        """An hour of ``court`` tomorrow at 10:00, paid by member card: booked and charged."""
        court = court or self.court
        venue = self.venue
        tomorrow = venue._local_date(fields.Datetime.now()) + timedelta(days=1)
        start = venue._to_utc(fields.Datetime.to_datetime(tomorrow) + timedelta(hours=10))
        end = start + timedelta(hours=1)
        price = self.env["sports.booking"].quote(court.id, start, end, self.holder.id)
        self.assertEqual(price, 80.0)
        data = self.create_ui_order_data(
            [
                self.priced(
                    self.booking_product,
                    price,
                    sports_space_id=court.id,
                    sports_start_at=start,
                    sports_end_at=end,
                )
            ],
            customer=self.holder,
            pos_order_ui_args={"state": "paid", "access_token": f"{name}-token"},
            payments=[(self.card_method, price)],
            uuid=name,
        )
        data["payment_ids"][0][2].update(uuid=f"{name}-pay", sports_card_ref=card.id)
        order = self.sync(data)
        booking = order.lines.sports_booking_ids
        self.assertEqual((booking.channel, booking.amount_total), ("pos", 80.0))

    def sync_card_paid_order(self, card):
        """The order paid by member card, as the desk sends it once the card is identified."""
        data = self.order_data([(self.card_method, 30.0, card)])
        self.sync(data)
