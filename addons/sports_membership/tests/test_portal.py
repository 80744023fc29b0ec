from datetime import datetime, timedelta

from lxml import html

from odoo import http
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_booking.tests.common import open_every_day

MEMBER_LOGIN, MEMBER_PASSWORD = "sm_tour_member", "sm-tour-member-Pass-1"
OTHER_LOGIN, OTHER_PASSWORD = "sm_other_member", "sm-other-member-Pass-1"
PRICE = 100.0


@tagged("post_install", "-at_install")
class TestPortalCards(HttpCase):
    """My cards, the online top-up and paying a held booking with a card, for a portal
    member with an empty stored-value card (tier: pay 100, get 110) and a held booking."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company._arena_card_accounting()
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
        cls.member = new_test_user(
            cls.env,
            login=MEMBER_LOGIN,
            password=MEMBER_PASSWORD,
            groups="base.group_portal",
            name="Sun Li",
            email="sun.li@example.com",
            company_id=cls.company.id,
        )
        cls.member.partner_id.phone = "13800138001"
        cls.other = new_test_user(
            cls.env,
            login=OTHER_LOGIN,
            password=OTHER_PASSWORD,
            groups="base.group_portal",
            name="Qian Wei",
            email="qian.wei@example.com",
            company_id=cls.company.id,
        )
        cls.other.partner_id.phone = "13800138002"
        cls.card_type = cls.env["sports.card.type"].create(
            {
                "name": "Portal Stored Value",
                "kind": "stored_value",
                "topup_ids": [Command.create({"amount_min": 100.0, "bonus": 10.0})],
            }
        )
        cls.card = cls.env["sports.card"].create(
            {"type_id": cls.card_type.id, "partner_id": cls.member.partner_id.id}
        )
        cls.other_card = cls.env["sports.card"].create(
            {"type_id": cls.card_type.id, "partner_id": cls.other.partner_id.id}
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
        today = cls.Booking._to_local_for(cls.venue, datetime.utcnow()).date()
        local = datetime.combine(today + timedelta(days=1), datetime.min.time())
        start = cls.Booking._local_to_utc(cls.venue, local + timedelta(hours=10))
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

    def post(self, url, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}, allow_redirects=False
        )

    def topup_orders(self):
        return self.env["sale.order.line"].search([("sports_card_id", "!=", False)]).order_id

    def moves(self, card, kind):
        return self.env["sports.card.move"].search([("card_id", "=", card.id), ("kind", "=", kind)])

    # ------------------------------------------------------------------------------------
    # My cards
    # ------------------------------------------------------------------------------------
    def test_member_sees_own_card_with_qr_and_history(self):
        self.card.action_topup(100.0, "desk", "sm-portal-desk-1")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open("/my/cards")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.card.name, response.text)
        self.assertNotIn(self.other_card.name, response.text)
        response = self.url_open(f"/my/cards/{self.card.id}")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        qr = doc.xpath("//img[contains(@class, 'o_sm_card_qr')]/@src")[0]
        self.assertTrue(qr.startswith("data:image/svg+xml;base64,"))
        self.assertIn(
            "100.00", doc.xpath("//dd[contains(@class, 'o_sm_balance_paid')]")[0].text_content()
        )
        self.assertIn(
            "10.00", doc.xpath("//dd[contains(@class, 'o_sm_balance_bonus')]")[0].text_content()
        )
        self.assertEqual(len(doc.xpath("//tr[contains(@class, 'o_sm_move')]")), 2)
        tiers = doc.xpath("//input[@name='amount']/@value")
        self.assertEqual(tiers, ["100.00", "other"])

    def test_move_history_is_paginated(self):
        for n in range(25):
            self.card.action_topup(1.0, "desk", f"sm-portal-page-{n}")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        doc = html.fromstring(self.url_open(f"/my/cards/{self.card.id}").content)
        self.assertEqual(len(doc.xpath("//tr[contains(@class, 'o_sm_move')]")), 20)
        doc = html.fromstring(self.url_open(f"/my/cards/{self.card.id}/page/2").content)
        self.assertEqual(len(doc.xpath("//tr[contains(@class, 'o_sm_move')]")), 5)

    def test_other_member_cannot_see_or_top_up_my_card(self):
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        self.assertEqual(self.url_open(f"/my/cards/{self.card.id}").status_code, 404)
        self.assertNotIn(self.card.name, self.url_open("/my/cards").text)
        response = self.post(f"/my/cards/{self.card.id}/topup", amount="100.00")
        self.assertEqual(response.status_code, 404)
        # Nor pay their own booking with my card.
        response = self.post(
            f"/my/bookings/{self.booking.id}/pay_with_card", card_id=str(self.card.id)
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.topup_orders())
        self.assertEqual(self.booking.state, "held")

    def test_family_member_sees_but_cannot_top_up_the_card(self):
        self.card.partner_ids = self.other.partner_id
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        response = self.url_open(f"/my/cards/{self.card.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_sm_topup_button", response.text)
        response = self.post(f"/my/cards/{self.card.id}/topup", amount="100.00")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.topup_orders())

    # ------------------------------------------------------------------------------------
    # Online top-up
    # ------------------------------------------------------------------------------------
    def test_tampered_topup_amount_is_refused(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        url = f"/my/cards/{self.card.id}/topup"
        for data in (
            {"amount": "1.00"},
            {"amount": "other", "other_amount": "-100"},
            {"amount": "other", "other_amount": "0"},
            {"amount": "other", "other_amount": "abc"},
            {"amount": "other", "other_amount": "nan"},
            {"amount": "other", "other_amount": "100.001"},
            {"amount": "other", "other_amount": "1e9"},
            {},
        ):
            response = self.post(url, **data)
            self.assertEqual(response.status_code, 200, data)
            self.assertIn("o_sm_topup_error", response.text, data)
            self.assertNotIn("Traceback", response.text)
        self.assertFalse(self.topup_orders())

        # A posted bonus or price is ignored: the server prices the tier itself.
        response = self.post(url, amount="100.00", bonus="1000", price_unit="1")
        self.assertEqual(response.status_code, 303)
        order = self.topup_orders()
        self.assertEqual(order.order_line.price_unit, 100.0)
        self.assertEqual(order.amount_total, 100.0)
        self.assertIn(order.get_portal_url().split("?")[0], response.headers["Location"])
        order.action_confirm()
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (100.0, 10.0))

    def test_topup_order_confirmation_credits_the_card_exactly_once(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.post(f"/my/cards/{self.card.id}/topup", amount="other", other_amount="150")
        self.assertEqual(response.status_code, 303)
        order = self.topup_orders()
        self.assertTrue(order.require_payment)
        self.assertEqual(order.partner_id, self.member.partner_id)
        self.assertEqual(order.order_line.sports_card_id, self.card)
        self.assertEqual(
            order.order_line.product_id, self.env.ref("sports_membership.product_card_topup")
        )
        self.assertFalse(order.order_line.tax_ids)
        self.assertEqual(self.card.balance_paid, 0.0, "nothing before the order is confirmed")

        order.action_confirm()
        # Confirmation runs again: a replayed payment notification, or re-confirmation.
        order._sports_card_topup()
        order.action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(len(self.moves(self.card, "topup")), 1)
        self.assertEqual(len(self.moves(self.card, "bonus")), 1)
        self.assertEqual(self.moves(self.card, "topup").ref, order.name)
        self.assertEqual(
            self.moves(self.card, "topup").idempotency_key,
            f"sale-order-line-{order.order_line.id}",
        )
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (150.0, 10.0))
        self.assertEqual(self.card._check_balance_integrity(), [])
        # The order's payment books the cash; the top-up debits the customer's receivable,
        # so the cash is not counted twice.
        entry = self.moves(self.card, "topup").account_move_id
        receivable = self.member.partner_id.property_account_receivable_id
        debit = entry.line_ids.filtered(lambda ln: ln.debit)
        self.assertEqual(debit.account_id, receivable)
        self.assertEqual(debit.debit, 150.0)

    # ------------------------------------------------------------------------------------
    # Paying a booking with a card
    # ------------------------------------------------------------------------------------
    def test_paying_a_held_booking_by_card_confirms_it_and_cancels_its_order(self):
        self.card.action_topup(100.0, "desk", "sm-portal-desk-2")  # 100 paid + 10 bonus
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
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        error = doc.xpath("//div[contains(@class, 'o_sm_card_error')]")[0].text_content()
        self.assertIn("Top it up first", error)
        self.card.action_topup(100.0, "desk", "sm-portal-desk-3")
        self.card.action_freeze()
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
        self.start_tour("/my", "sports_membership_portal_topup_and_pay")
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
