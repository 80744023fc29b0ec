"""Issue 12, bad input on paying a booking with a card: malformed values get a 4xx answer
with a message, never a crash, and nothing is written."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import tagged

from odoo.addons.sports_membership.tests.common import (
    MEMBER_LOGIN,
    MEMBER_PASSWORD,
    PortalCardCase,
)
from odoo.addons.sports_venue.tests.common import open_every_day
from odoo.addons.sports_venue.tests.portal_fuzz import (
    FUZZ_SETTINGS,
    MISSING,
    PortalFuzzCase,
    bad_id,
)

COVERED_ROUTES = {"/my/bookings/<int:booking_id>/pay_with_card"}


@tagged("post_install", "-at_install")
class TestFuzzPayWithCard(PortalCardCase, PortalFuzzCase):
    """The members of ``PortalCardCase`` (empty cards) and a held booking of each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.company)
        venue = cls.env["sports.venue"].create(
            {
                "name": "Card Fuzz Arena",
                "code": "SMBFUZZ",
                "resource_calendar_id": calendar.id,
                "booking_window_days": 7,
                "booking_lead_minutes": 0,
            }
        )
        court = cls.env["sports.space"].create({"name": "Card Fuzz Court", "venue_id": venue.id})
        cls.env["sports.price.rule"].create(
            {"name": "Everyone", "venue_id": venue.id, "price_per_hour": 100.0}
        )
        today = venue._local_date(datetime.utcnow())
        local = datetime.combine(today + timedelta(days=1), datetime.min.time())
        start = venue._to_utc(local + timedelta(hours=10))
        Booking = cls.env["sports.booking"]
        cls.booking, cls.their_booking = (
            Booking.book(
                court.id,
                start + timedelta(hours=n),
                start + timedelta(hours=n + 1),
                partner.id,
                channel="portal",
            )
            for n, partner in enumerate((cls.member.partner_id, cls.other.partner_id))
        )

    def setUp(self):
        super().setUp()
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        self.before = self.fingerprint()

    def assertNothingWritten(self):
        self.assertEqual(self.fingerprint(), self.before, "a refused request wrote something")

    def pay(self, booking_id, form):
        return self.send("POST", f"/my/bookings/{booking_id}/pay_with_card", form)

    def test_paying_without_a_card_asks_for_one(self):
        for form in ({}, {"card_id": ""}):
            with self.subTest(form=form):
                response = self.pay(self.booking.id, form)
                self.assertRefused(response, (422,), alert="o_sm_card_error")
        self.assertNothingWritten()

    def test_an_empty_card_is_refused_with_a_message(self):
        response = self.pay(self.booking.id, {"card_id": str(self.card.id)})
        self.assertRefused(response, (422,), alert="o_sm_card_error")
        self.assertNothingWritten()

    @FUZZ_SETTINGS
    @given(
        booking=st.sampled_from(["mine", "theirs", "0", "2147483648", "9" * 30]),
        card=st.one_of(
            st.just(MISSING),
            st.just("theirs"),
            st.just("mine"),
            bad_id().filter(lambda v: v.strip() != ""),
        ),
    )
    def test_fuzz_paying_with_a_card(self, booking, card):
        booking_id = {"mine": self.booking.id, "theirs": self.their_booking.id}.get(
            booking, booking
        )
        form = {}
        if card is not MISSING:
            form["card_id"] = {"mine": str(self.card.id), "theirs": str(self.other_card.id)}.get(
                card, card
            )
        response = self.pay(booking_id, form)
        self.assertRefused(response, (403, 404, 422))
        self.assertNotIn(self.other.partner_id.name, response.text)
        self.assertNothingWritten()
