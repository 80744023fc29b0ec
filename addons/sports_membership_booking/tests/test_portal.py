from datetime import datetime, timedelta

from lxml import html

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.sports_booking.tests.common import open_every_day
from odoo.addons.sports_membership.tests.common import (
    MEMBER_LOGIN,
    MEMBER_PASSWORD,
    OTHER_LOGIN,
    OTHER_PASSWORD,
    PortalCardCase,
)

PRICE = 100.0


@tagged("post_install", "-at_install")
class TestPortalBookingCards(PortalCardCase):
    """Paying a held booking with a card, for the portal members of ``PortalCardCase``
    (empty cards whose tier pays 100 and gives 110) and a held booking of 100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.company)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Card Portal Arena",
                "code": "SMPORTAL",
                "resource_calendar_id": calendar.id,
                "booking_slot_minutes": 60,
                "booking_min_minutes": 60,
                "booking_max_minutes": 240,
                "booking_window_days": 7,
                "booking_lead_minutes": 0,
                "booking_daily_limit_minutes": 240,
            }
        )
        cls.court = cls.env["sports.space"].create(
            {"name": "Card Court", "code": "SMCOURT", "venue_id": cls.venue.id}
        )
        cls.env["sports.price.rule"].create(
            {"name": "Everyone", "venue_id": cls.venue.id, "price_per_hour": PRICE}
        )
        # The demo provider pays the orders; other providers would add choices to the form.
        providers = cls.env["payment.provider"].search([("company_id", "=", cls.company.id)])
        demo = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        demo.write({"state": "test", "is_published": True})
        demo.payment_method_ids.active = True
        cls.Booking = cls.env["sports.booking"]
        cls.booking, cls.booking_order = cls.held_booking(cls.member.partner_id)

    @classmethod
    def held_booking(cls, partner):
        """A held portal booking of tomorrow 10:00-11:00 and its draft order, as the
        website makes them."""
        today = cls.venue._local_date(datetime.utcnow())
        local = datetime.combine(today + timedelta(days=1), datetime.min.time())
        start = cls.venue._to_utc(local + timedelta(hours=10))
        booking = cls.Booking.book(
            cls.court.id, start, start + timedelta(hours=1), partner.id, channel="portal"
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": False,
                "require_signature": False,
                "require_payment": True,
                "prepayment_percent": 1.0,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.env.ref("sports_booking.product_court_booking").id,
                            "name": booking.name,
                            "product_uom_qty": 1,
                            "price_unit": booking.amount_total,
                        }
                    )
                ],
            }
        )
        booking.sale_line_id = order.order_line
        return booking, order

    def test_other_member_cannot_pay_their_booking_with_my_card(self):
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        response = self.post(
            f"/my/bookings/{self.booking.id}/pay_with_card", card_id=str(self.card.id)
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.booking.state, "held")
        self.assertFalse(self.moves(self.card, "spend"))

    def test_paying_a_held_booking_by_card_confirms_it_and_cancels_its_order(self):
        self.card.topup(100.0, "sm-portal-desk-2", ref="desk")  # 100 paid + 10 bonus
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        page = self.url_open(f"/my/bookings/{self.booking.id}")
        self.assertIn("o_sm_pay_with_card_button", page.text)
        response = self.post(
            f"/my/bookings/{self.booking.id}/pay_with_card", card_id=str(self.card.id)
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.assertIn("message=paid_by_card", response.headers["Location"])
        self.assertEqual(self.booking.state, "confirmed")
        self.assertEqual(self.booking.amount_total, PRICE)
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (9.09, 0.91))
        spend = self.moves(self.card, "spend")
        self.assertEqual(spend.amount_total, -PRICE)
        self.assertEqual(spend.user_id, self.member)
        self.assertEqual(self.booking_order.state, "cancel")
        self.assertFalse(self.booking.sale_order_id)
        page = self.url_open(f"/my/bookings/{self.booking.id}?message=paid_by_card")
        self.assertIn("o_sm_paid_by_card", page.text)
        self.assertNotIn("o_sm_pay_with_card_button", page.text)
        # A second click pays nothing twice.
        response = self.post(
            f"/my/bookings/{self.booking.id}/pay_with_card", card_id=str(self.card.id)
        )
        self.assertIn("o_sm_card_error", response.text)
        self.assertEqual(len(self.moves(self.card, "spend")), 1)

    def test_card_payment_errors_are_shown_and_nothing_is_done(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        page = self.url_open(f"/my/bookings/{self.booking.id}")
        self.assertNotIn("o_sm_pay_with_card_button", page.text)
        self.assertIn("o_sm_card_short", page.text)
        response = self.post(
            f"/my/bookings/{self.booking.id}/pay_with_card", card_id=str(self.card.id)
        )
        self.assertEqual(response.status_code, 422)
        doc = html.fromstring(response.content)
        error = doc.xpath("//div[contains(@class, 'o_sm_card_error')]")[0].text_content()
        self.assertIn("Top it up first", error)
        self.card.topup(100.0, "sm-portal-desk-3", ref="desk")
        self.card.freeze()
        response = self.post(
            f"/my/bookings/{self.booking.id}/pay_with_card", card_id=str(self.card.id)
        )
        self.assertIn("is frozen", response.text)
        self.assertEqual(self.booking.state, "held")
        self.assertEqual(self.booking.sale_order_id, self.booking_order)
        self.assertEqual(self.booking_order.state, "draft")
        self.assertFalse(self.moves(self.card, "spend"))
        # A card id that is no card is a 404, not a traceback.
        response = self.post(f"/my/bookings/{self.booking.id}/pay_with_card", card_id="abc")
        self.assertEqual(response.status_code, 404)

    # ------------------------------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------------------------------
    def test_member_tops_up_and_pays_a_booking_on_the_portal(self):
        self.start_tour("/my", "sports_membership_booking_portal_topup_and_pay")
        order = self.topup_orders()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.transaction_ids.state, "done")
        self.assertEqual(self.booking.state, "confirmed")
        self.assertEqual(self.booking_order.state, "cancel")
        # 100 paid + 10 bonus, less the booking's 100 taken from both in proportion.
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (9.09, 0.91))
        self.assertEqual(len(self.moves(self.card, "topup")), 1)
        self.assertEqual(len(self.moves(self.card, "spend")), 1)
        self.assertEqual(self.card._check_balance_integrity(), [])
