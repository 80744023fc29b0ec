from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import html

from odoo import http
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_home import assert_portal_home_icon

from .common import open_every_day

GUEST_PRICE, MEMBER_PRICE = 100.0, 80.0
MEMBER_LOGIN, MEMBER_PASSWORD = "sb_tour_member", "sb-tour-member-Pass-1"


@tagged("post_install", "-at_install")
class TestPortalBooking(HttpCase):
    """The website booking grid, the booking POST and My bookings, on the demo venue CSC
    (the tour needs a real website page) with a court and prices made here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue = cls.env.ref("sports_venue.venue_csc")
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.venue.company_id)
        cls.venue.write(
            {
                "resource_calendar_id": calendar.id,
                "is_published": True,
                "booking_slot_minutes": 60,
                "booking_min_minutes": 60,
                "booking_max_minutes": 240,
                "booking_window_days": 7,
                "booking_lead_minutes": 0,
                "booking_daily_limit_minutes": 240,
                "booking_cancel_free_hours": 24,
                "booking_cancel_fee_percent": 50.0,
            }
        )
        cls.company = cls.venue.company_id
        cls.badminton = cls.env.ref("sports_venue.sport_badminton")
        Space = cls.env["sports.space"]
        cls.court = Space.create(
            {
                "name": "Tour Court, North; A",
                "code": "SBTOUR",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(cls.badminton.ids)],
                "sequence": 1,
            }
        )
        cls.court2 = Space.create(
            {
                "name": "Tour Court B",
                "code": "SBTOUR2",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(cls.badminton.ids)],
                "sequence": 2,
            }
        )
        # Prices made here, whatever rules the demo data may hold.
        Rule = cls.env["sports.price.rule"]
        Rule.search([("venue_id", "=", cls.venue.id)]).active = False
        Rule.create(
            [
                {
                    "name": "Members",
                    "venue_id": cls.venue.id,
                    "customer_tier": "member",
                    "price_per_hour": MEMBER_PRICE,
                    "sequence": 1,
                },
                {
                    "name": "Everyone",
                    "venue_id": cls.venue.id,
                    "price_per_hour": GUEST_PRICE,
                    "sequence": 2,
                },
            ]
        )
        cls.member = new_test_user(
            cls.env,
            login=MEMBER_LOGIN,
            password=MEMBER_PASSWORD,
            groups="base.group_portal",
            name="Wang Fang",
            email="wang.fang@example.com",
            company_id=cls.company.id,
        )
        cls.member.partner_id.arena_member = True
        cls.other = new_test_user(
            cls.env,
            login="sb_other_member",
            password="sb-other-member-Pass-1",
            groups="base.group_portal",
            name="Zhao Lei",
            email="zhao.lei@example.com",
            company_id=cls.company.id,
        )
        # The demo provider pays the orders; other providers would add choices to the form.
        providers = cls.env["payment.provider"].search([("company_id", "=", cls.company.id)])
        demo = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        demo.write({"state": "test", "is_published": True})
        demo.payment_method_ids.active = True
        cls.Booking = cls.env["sports.booking"]

    @classmethod
    def local(cls, days, hour):
        """UTC naive datetime of ``hour``:00 at the venue ``days`` from today."""
        today = cls.venue._local_date(datetime.utcnow())
        local = datetime.combine(today + timedelta(days=days), datetime.min.time())
        return cls.venue._to_utc(local + timedelta(hours=hour))

    def day(self, days):
        return str(self.venue._local_date(self.local(days, 12)))

    def slot(self, space, start, amount):
        return f"{space.id}|{start:%Y-%m-%d %H:%M:%S}|{amount!r}"

    def page(self, days=1, **params):
        query = {"sport": self.badminton.id, "date": self.day(days), **params}
        response = self.url_open(f"/venues/{self.venue.id}", params=query)
        self.assertEqual(response.status_code, 200)
        return response, html.fromstring(response.content)

    def post_booking(self, slots, **extra):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "sport": self.badminton.id,
            "date": self.day(1),
            "slot": slots,
            **extra,
        }
        return self.url_open(f"/venues/{self.venue.id}/book", data=data, allow_redirects=False)

    def member_records(self):
        partner = self.member.partner_id
        return (
            self.Booking.search([("partner_id", "=", partner.id)]),
            self.env["sale.order"].search([("partner_id", "=", partner.id)]),
        )

    def book_backend(self, space, days, hour, partner, hours=1):
        start = self.local(days, hour)
        return self.Booking.book(space.id, start, start + timedelta(hours=hours), partner.id)

    # ------------------------------------------------------------------------------------
    # Website
    # ------------------------------------------------------------------------------------
    def test_portal_home_entry_has_a_small_svg_icon(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        assert_portal_home_icon(self, "/my/bookings", "sports_booking")

    def test_public_venue_page_lists_free_slots_with_prices(self):
        self.book_backend(self.court, 1, 14, self.other.partner_id)
        response = self.url_open("/venues")
        self.assertIn(f'href="/venues/{self.venue.id}"', response.text)

        _response, doc = self.page()
        values = {el.get("value") for el in doc.xpath("//input[@name='slot']")}
        self.assertIn(self.slot(self.court, self.local(1, 10), GUEST_PRICE), values)
        self.assertIn(self.slot(self.court2, self.local(1, 14), GUEST_PRICE), values)
        # The booked slot is greyed out and cannot be selected.
        booked = self.slot(self.court, self.local(1, 14), GUEST_PRICE)
        self.assertNotIn(booked, values)
        self.assertTrue(doc.xpath("//td[contains(@class, 'o_sb_cell_taken')]"))
        # Before opening (06:00) nothing is offered.
        self.assertNotIn(self.slot(self.court, self.local(1, 5), GUEST_PRICE), values)
        label = doc.xpath(
            "//label[@data-space-code='SBTOUR'][@data-time='10:00']//span[@class='o_sb_price']"
        )
        self.assertIn("100.00", label[0].text_content())
        # A visitor is invited to log in and come back to the same page.
        login = doc.xpath("//a[contains(@class, 'o_sb_login')]")[0].get("href")
        self.assertTrue(login.startswith("/web/login?redirect=%2Fvenues%2F"))

        # A member sees the member price.
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        _response, doc = self.page()
        values = {el.get("value") for el in doc.xpath("//input[@name='slot']")}
        self.assertIn(self.slot(self.court, self.local(1, 10), MEMBER_PRICE), values)

    def test_day_not_yet_released_says_when_it_opens(self):
        self.venue.booking_release_hour = 8.0
        before, release = self.local(0, 7.5), self.local(0, 8)
        with freeze_time(before):
            _response, doc = self.page(days=7)
            self.assertFalse(doc.xpath("//input[@name='slot']"))
            banner = doc.xpath("//div[contains(@class, 'o_sb_opens_at')]")
            self.assertEqual(banner[0].get("data-opens-at"), "08:00")
            tab = doc.xpath("//ul[contains(@class, 'o_sb_days')]//a[@data-offset='7']")[0]
            self.assertIn("opens at 08:00", tab.text_content())
            _response, doc = self.page(days=6)
            self.assertTrue(doc.xpath("//input[@name='slot']"))
            self.assertFalse(doc.xpath("//div[contains(@class, 'o_sb_opens_at')]"))
        with freeze_time(release):
            _response, doc = self.page(days=7)
            self.assertTrue(doc.xpath("//input[@name='slot']"))
            self.assertFalse(doc.xpath("//*[contains(@class, 'o_sb_opens_at')]"))
            self.assertFalse(doc.xpath("//*[contains(@class, 'o_sb_day_opens_at')]"))

    def test_unpublished_venue_is_not_found_and_list_says_so(self):
        self.env["sports.venue"].search([]).is_published = False
        response = self.url_open("/venues")
        self.assertIn("o_sb_no_venue", response.text)
        response = self.url_open(f"/venues/{self.venue.id}")
        self.assertEqual(response.status_code, 404)

    def test_venue_without_courts_says_so_instead_of_failing(self):
        # A published venue with gates only (a pool, a gym) and no court: its page was a
        # 500 for everyone (found by scripts/load gate-day).
        venue = self.env["sports.venue"].create(
            {"name": "Gates only", "code": "SBGATES", "is_published": True}
        )
        response = self.url_open(f"/venues/{venue.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_sb_no_space", response.text)
        self.authenticate(self.member.login, self.member.login)
        response = self.url_open(f"/venues/{venue.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_sb_no_space", response.text)

    def test_visitor_post_is_sent_to_login(self):
        self.authenticate(None, None)
        response = self.post_booking([self.slot(self.court, self.local(1, 10), GUEST_PRICE)])
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login?redirect=%2Fvenues%2F", response.headers["Location"])
        self.assertFalse(self.Booking.search([("space_id", "=", self.court.id)]))

    def test_member_post_books_and_opens_the_order(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        start = self.local(1, 10)
        response = self.post_booking(
            [
                self.slot(self.court, start + timedelta(hours=1), MEMBER_PRICE),
                self.slot(self.court, start, MEMBER_PRICE),
            ],
            expected_amount="160.00",
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        booking, order = self.member_records()
        self.assertEqual(len(booking), 1, "one booking spans the contiguous slots")
        self.assertEqual((booking.start_at, booking.end_at), (start, start + timedelta(hours=2)))
        self.assertEqual(booking.state, "held")
        self.assertEqual(booking.channel, "portal")
        self.assertEqual(booking.amount_total, 2 * MEMBER_PRICE)
        self.assertEqual(booking.sale_order_id, order)
        self.assertTrue(order.require_payment)
        self.assertEqual(order.state, "draft")
        self.assertEqual(
            order.order_line.product_id, self.env.ref("sports_booking.product_court_booking")
        )
        self.assertEqual(order.order_line.price_unit, 2 * MEMBER_PRICE)
        self.assertEqual(order.amount_untaxed, 2 * MEMBER_PRICE)
        self.assertIn("SBTOUR", order.order_line.name)
        self.assertIn(order.get_portal_url().split("?")[0], response.headers["Location"])

    def test_tampered_price_is_refused(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        start = self.local(1, 10)
        slots = [
            self.slot(self.court, start, MEMBER_PRICE),
            self.slot(self.court, start + timedelta(hours=1), MEMBER_PRICE),
        ]
        response = self.post_booking(slots, expected_amount="1.00")
        self.assertEqual(response.status_code, 422)
        doc = html.fromstring(response.content)
        error = doc.xpath("//div[contains(@class, 'o_sb_error')]")[0].text_content()
        self.assertRegex(error, r"The price of this booking is .{0,12}160\.00")
        self.assertIn("Reload the page", error)
        self.assertNotIn("Traceback", response.text)
        # The page comes back with the selection kept.
        checked = doc.xpath("//input[@name='slot'][@checked]/@value")
        self.assertEqual(sorted(checked), sorted(slots))
        # Without script, the posted slot prices are the price shown.
        response = self.post_booking(
            [
                self.slot(self.court, start, 0.5),
                self.slot(self.court, start + timedelta(hours=1), 0.5),
            ]
        )
        self.assertRegex(response.text, r"The price of this booking is .{0,12}160\.00")
        booking, order = self.member_records()
        self.assertFalse(booking)
        self.assertFalse(order)

    def test_non_contiguous_slots_are_refused(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        start = self.local(1, 10)
        response = self.post_booking(
            [
                self.slot(self.court, start, MEMBER_PRICE),
                self.slot(self.court, start + timedelta(hours=2), MEMBER_PRICE),
            ]
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("follow each other without a gap", response.text)
        response = self.post_booking(
            [
                self.slot(self.court, start, MEMBER_PRICE),
                self.slot(self.court2, start + timedelta(hours=1), MEMBER_PRICE),
            ]
        )
        self.assertIn("Select slots on one court only", response.text)
        response = self.post_booking(["not|a slot|value"])
        self.assertIn("could not be read", response.text)
        booking, order = self.member_records()
        self.assertFalse(booking)
        self.assertFalse(order)

    def test_rule_errors_are_shown_and_nothing_is_created(self):
        """A slot taken meanwhile: the engine's error is shown, the savepoint undoes all."""
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        start = self.local(1, 10)
        self.book_backend(self.court, 1, 11, self.other.partner_id)
        response = self.post_booking(
            [
                self.slot(self.court, start, MEMBER_PRICE),
                self.slot(self.court, start + timedelta(hours=1), MEMBER_PRICE),
            ]
        )
        self.assertIn("is already booked at this time", response.text)
        booking, order = self.member_records()
        self.assertFalse(booking)
        self.assertFalse(order)

    # ------------------------------------------------------------------------------------
    # My bookings
    # ------------------------------------------------------------------------------------
    def test_portal_user_cannot_see_or_cancel_another_users_booking(self):
        booking = self.book_backend(self.court, 3, 10, self.member.partner_id)
        url = f"/my/bookings/{booking.id}"

        self.authenticate("sb_other_member", "sb-other-member-Pass-1")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.url_open(f"{url}/ics").status_code, 404)
        response = self.url_open(
            f"{url}/cancel", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(booking.name, self.url_open("/my/bookings?filterby=all").text)
        self.assertEqual(booking.state, "confirmed")

        # The owner sees it, listed and in detail, and may cancel it free of charge.
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        self.assertIn(booking.name, self.url_open("/my/bookings").text)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_sb_cancel_free", response.text)
        response = self.url_open(
            f"{url}/cancel", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_sb_cancelled", response.text)
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(booking.cancel_fee, 0.0)

    def test_the_member_ends_a_session_in_play(self):
        booking = self.book_backend(self.court, 1, 10, self.member.partner_id)
        url = f"/my/bookings/{booking.id}"
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        self.assertNotIn("o_sb_checkout_button", self.url_open(url).text)
        booking.action_check_in()
        self.assertIn("o_sb_checkout_button", self.url_open(url).text)

        # Another member can neither see nor end it.
        self.authenticate("sb_other_member", "sb-other-member-Pass-1")
        response = self.url_open(
            f"{url}/checkout", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(booking.state, "checked_in")

        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open(
            f"{url}/checkout", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_sb_checked_out", response.text)
        self.assertEqual(booking.state, "done")
        self.assertTrue(booking.checked_out_at)
        self.assertNotIn("o_sb_checkout_button", response.text)

    def test_cancel_shows_and_charges_the_late_fee(self):
        booking = self.book_backend(self.court, 3, 10, self.member.partner_id, hours=2)
        self.venue.booking_cancel_free_hours = 24 * 5
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        doc = html.fromstring(self.url_open(f"/my/bookings/{booking.id}").content)
        fee = doc.xpath("//p[contains(@class, 'o_sb_cancel_fee')]")[0].text_content()
        self.assertIn("80.00", fee)  # 50% of 2 hours at the member price
        self.url_open(
            f"/my/bookings/{booking.id}/cancel",
            data={"csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(booking.cancel_fee, MEMBER_PRICE)

    def test_ics_has_utc_times(self):
        booking = self.book_backend(self.court, 3, 10, self.member.partner_id, hours=2)
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open(f"/my/bookings/{booking.id}/ics")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        content = response.content.decode()
        self.assertEqual(content.count("\r\n"), content.count("\n"), "CRLF line ends only")
        lines = content.replace("\r\n ", "").split("\r\n")
        start = self.local(3, 10)  # 10:00 in Shanghai is 02:00 UTC
        self.assertEqual(start.hour, 2)
        self.assertIn(f"DTSTART:{start:%Y%m%d}T020000Z", lines)
        self.assertIn(f"DTEND:{start:%Y%m%d}T040000Z", lines)
        self.assertEqual(lines[0], "BEGIN:VCALENDAR")
        self.assertIn("END:VEVENT", lines)
        summary = next(line for line in lines if line.startswith("SUMMARY:"))
        self.assertIn("Tour Court\\, North\\; A", summary)
        self.assertTrue(all(len(line.encode()) <= 75 for line in content.split("\r\n")))

        # Whoever holds the link with its token may download it; a stranger may not.
        token = booking._portal_ensure_token()
        self.logout()
        response = self.url_open(f"/my/bookings/{booking.id}/ics?access_token={token}")
        self.assertEqual(response.status_code, 200)
        response = self.url_open(f"/my/bookings/{booking.id}/ics?access_token=wrong")
        self.assertEqual(response.status_code, 404)

    def test_ics_folding_keeps_characters_whole(self):
        # A long name in Chinese (three octets a character) must fold between characters.
        self.court.name = "\u5357\u4eac\u5e02\u4f53\u80b2\u4e2d\u5fc3\u7fbd\u6bdb\u7403" * 5
        booking = self.book_backend(self.court, 3, 10, self.member.partner_id)
        content = booking._get_ics_file().decode()
        parts = content.split("\r\n")
        self.assertTrue(all(len(part.encode()) <= 75 for part in parts))
        summary = next(p for p in content.replace("\r\n ", "").split("\r\n") if "SUMMARY" in p)
        self.assertIn(self.court.name, summary)

    # ------------------------------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------------------------------
    def test_member_books_and_pays_two_slots_on_the_portal(self):
        self.start_tour(f"/venues/{self.venue.id}", "sports_booking_portal_book_and_pay")
        booking, order = self.member_records()
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.space_id, self.court)
        start = self.local(1, 10)
        self.assertEqual((booking.start_at, booking.end_at), (start, start + timedelta(hours=2)))
        self.assertEqual(booking.amount_total, 2 * MEMBER_PRICE)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(order.state, "sale")
        self.assertEqual(booking.sale_order_id, order)
        self.assertEqual(order.transaction_ids.state, "done")
