from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import open_every_day

PRICE = 90.0
MEMBER, RIVAL = "sb_rush_member", "sb_rush_rival"


@tagged("post_install", "-at_install")
class TestRushJson(HttpCase):
    """The lean rush path: the day's slots as JSON and booking over JSON-RPC, with the
    same rules and order as the form, and no page for a member who lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.company)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Rush Arena",
                "code": "SBRUSH",
                "company_id": cls.company.id,
                "resource_calendar_id": calendar.id,
                "is_published": True,
                "booking_slot_minutes": 60,
                "booking_min_minutes": 60,
                "booking_max_minutes": 120,
                "booking_window_days": 7,
                "booking_lead_minutes": 0,
                "booking_release_hour": 8.0,
            }
        )
        cls.court = cls.env["sports.space"].create(
            {
                "name": "Rush Court",
                "code": "SBRUSH1",
                "venue_id": cls.venue.id,
                "sport_ids": [Command.set(cls.env.ref("sports_venue.sport_badminton").ids)],
            }
        )
        cls.env["sports.price.rule"].create(
            {"name": "Everyone", "venue_id": cls.venue.id, "price_per_hour": PRICE}
        )
        for login in (MEMBER, RIVAL):
            new_test_user(
                cls.env,
                login=login,
                password=f"{login}-Pass-1",
                groups="base.group_portal",
                name=login.replace("_", " ").title(),
                email=f"{login}@example.com",
                company_id=cls.company.id,
            )
        # The demo provider pays the orders (as in test_portal).
        providers = cls.env["payment.provider"].search([("company_id", "=", cls.company.id)])
        demo = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        demo.write({"state": "test", "is_published": True})
        demo.payment_method_ids.active = True
        cls.Booking = cls.env["sports.booking"]
        cls.today = cls.venue._local_date(datetime.utcnow())
        cls.hot_day = cls.today + timedelta(days=7)
        cls.release = cls.local(0, 8)
        cls.start = cls.local(7, 10)
        cls.value = f"{cls.court.id}|{cls.start:%Y-%m-%d %H:%M:%S}|{PRICE!r}"

    @classmethod
    def local(cls, days, hour):
        local = datetime.combine(cls.today + timedelta(days=days), datetime.min.time())
        return cls.venue._to_utc(local + timedelta(hours=hour))

    def slots(self, date=None):
        return self.url_open(
            f"/venues/{self.venue.id}/slots", params={"date": date or str(self.hot_day)}
        )

    def book_json(self, slots, expected_amount=None):
        params = {"slots": slots}
        if expected_amount is not None:
            params["expected_amount"] = expected_amount
        return self.make_jsonrpc_request(f"/venues/{self.venue.id}/book/json", params)

    def bookings(self):
        return self.Booking.search([("space_id", "=", self.court.id)])

    def test_slots_are_closed_before_the_release_and_free_after(self):
        with freeze_time(self.release - timedelta(seconds=30)):
            before = self.slots().json()
        self.assertEqual(before["opens_in"], 30)
        self.assertEqual(len(before["slots"]), 16)
        self.assertFalse(any(slot["free"] for slot in before["slots"]))
        with freeze_time(self.release):
            after = self.slots().json()
        self.assertEqual(after["opens_in"], 0)
        self.assertTrue(all(slot["free"] for slot in after["slots"]))
        self.assertIn(self.value, [slot["value"] for slot in after["slots"]])
        self.assertTrue(all("90" in slot["price"] for slot in after["slots"]))

    def test_slots_outside_the_window_are_refused_in_words(self):
        for date in ("2001-01-01", str(self.today + timedelta(days=8)), "not a day"):
            with self.subTest(date=date):
                response = self.slots(date)
                self.assertEqual(response.status_code, 400)
                self.assertIn("booking window", response.json()["error"])

    def test_grid_page_counts_down_to_the_release(self):
        with freeze_time(self.release - timedelta(seconds=90)):
            response = self.url_open(f"/venues/{self.venue.id}", params={"date": self.hot_day})
        self.assertIn('data-opens-in="90"', response.text)
        self.assertIn(f'data-key="{self.value.rsplit("|", 1)[0]}"', response.text)

    def test_the_winner_gets_the_order_and_the_loser_words(self):
        self.authenticate(MEMBER, f"{MEMBER}-Pass-1")
        with freeze_time(self.release + timedelta(seconds=1)):
            won = self.book_json([self.value], "90.00")
        booking = self.bookings()
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.partner_id.user_ids.login, MEMBER)
        self.assertEqual(booking.channel, "portal")
        self.assertTrue(won["redirect"].startswith(f"/my/orders/{booking.sale_order_id.id}"))
        self.authenticate(RIVAL, f"{RIVAL}-Pass-1")
        with freeze_time(self.release + timedelta(seconds=2)):
            lost = self.book_json([self.value], 90.0)
            after = self.slots().json()
        self.assertEqual(set(lost), {"error"})
        self.assertIn("already booked", lost["error"])
        self.assertEqual(self.bookings(), booking, "the loser booked nothing")
        taken = [slot for slot in after["slots"] if slot["value"] == self.value]
        self.assertFalse(taken[0]["free"])

    def test_booking_before_the_release_is_refused_in_words(self):
        self.authenticate(MEMBER, f"{MEMBER}-Pass-1")
        with freeze_time(self.release - timedelta(seconds=1)):
            result = self.book_json([self.value], "90.00")
        self.assertIn("08:00", result["error"])
        self.assertFalse(self.bookings())

    def test_bad_selections_are_refused_in_words(self):
        self.authenticate(MEMBER, f"{MEMBER}-Pass-1")
        cases = ([], "x|y|z", [1, 2], {"a": 1}, [self.value.replace("90.0", "1.0")])
        with freeze_time(self.release + timedelta(seconds=1)):
            for slots in cases:
                with self.subTest(slots=slots):
                    self.assertTrue(self.book_json(slots)["error"])
            self.assertIn("price", self.book_json([self.value], "1.00")["error"])
            self.assertTrue(self.book_json([self.value], ["90"])["error"])
        self.assertFalse(self.bookings())

    def test_visitors_cannot_book_over_json(self):
        self.authenticate(None, None)
        with (
            freeze_time(self.release + timedelta(seconds=1)),
            self.assertRaises(JsonRpcException) as refused,
        ):
            self.book_json([self.value], "90.00")
        self.assertEqual(refused.exception.code, 100, "session expired: log in first")
        self.assertFalse(self.bookings())
