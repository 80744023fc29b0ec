import json
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

from .test_booking_access import BookingAccessCase


class DeskScanCase(BookingAccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_venue = cls.env["sports.venue"].create(
            {"name": "Riverside Hall", "code": "TBK2", "resource_calendar_id": cls.calendar.id}
        )
        cls.other_court = cls.env["sports.space"].create(
            {"name": "River Court", "venue_id": cls.other_venue.id}
        )
        cls.env["sports.price.rule"].create(
            {"name": "River", "venue_id": cls.other_venue.id, "price_per_hour": 60.0}
        )
        # A member card as the gates know it: a card pass of its holder, with the card's
        # UID as a credential (sports_access_membership builds the same from a card).
        cls.card = cls.env["sports.access.entitlement"]._issue(
            [
                {
                    "name": "MC2612-0001",
                    "kind": "card",
                    "company_id": cls.venue.company_id.id,
                    "partner_id": cls.customer.id,
                    "opening_hours": True,
                }
            ]
        )
        cls.card_uid = cls.env["sports.access.credential"].create(
            {"kind": "uid", "entitlement_id": cls.card.id, "value": "04:a1:b2:c3"}
        )
        cls.portal_user = new_test_user(cls.env, login="scan_portal", groups="base.group_portal")
        cls.bureau = new_test_user(
            cls.env, login="scan_bureau", groups="sports_venue.group_sports_bureau"
        )

    def pass_of(self, booking):
        return self.env["sports.access.entitlement"].search([("booking_id", "=", booking.id)])

    def qr(self, booking):
        return self.pass_of(booking).qr_token

    def scan(self, code, venue=None, user=None):
        venue_id = self.venue.id if venue is None else (venue.id if venue else False)
        return self.Booking.with_user(user or self.desk).desk_scan(code, venue_id)


@tagged("post_install", "-at_install")
class TestDeskScan(DeskScanCase):
    """Issue 13, item 3: a scan at the desk checks a booking in, or says why not."""

    def test_a_booking_qr_checks_the_booking_in(self):
        booking = self.book(self.half_a, 1, 10)
        now = booking.start_at - timedelta(minutes=5)
        with freeze_time(now):
            answer = self.scan(self.qr(booking))
        self.assertEqual(answer["status"], "checked_in", answer)
        self.assertEqual(answer["type"], "success")
        self.assertEqual(answer["booking_id"], booking.id)
        self.assertEqual(answer["venue_id"], self.venue.id)
        self.assertEqual(answer["date"], str(self.venue._local_date(booking.start_at)))
        self.assertIn(booking.name, answer["message"])
        self.assertIn("Zhang San", answer["message"])
        self.assertIn("Half A", answer["message"])
        self.assertEqual(booking.state, "checked_in")
        self.assertEqual(booking.checked_in_at, now)
        # Through the booking's own action, as the desk user.
        self.assertEqual(booking.write_uid, self.desk)

    def test_scanning_it_again_says_it_is_already_checked_in(self):
        booking = self.book(self.half_a, 1, 10)
        with freeze_time(booking.start_at):
            self.scan(self.qr(booking))
        with freeze_time(booking.start_at + timedelta(minutes=30)):
            answer = self.scan(self.qr(booking))
        self.assertEqual(answer["status"], "already_checked_in", answer)
        self.assertEqual(answer["type"], "info")
        self.assertIn("already checked in at 10:00", answer["message"])
        self.assertEqual(booking.checked_in_at, booking.start_at)

    def test_a_gate_entry_then_a_desk_scan_is_already_checked_in(self):
        booking = self.book(self.half_a, 1, 10)
        self.verify(self.qr(booking), "hall-in", booking.start_at - timedelta(minutes=3))
        with freeze_time(booking.start_at):
            answer = self.scan(self.qr(booking))
        self.assertEqual(answer["status"], "already_checked_in", answer)
        self.assertIn("09:57", answer["message"])

    def test_a_booking_of_another_day_names_its_day(self):
        booking = self.book(self.half_a, 2, 10)
        with freeze_time(self.local(1, 10)):
            answer = self.scan(self.qr(booking))
        self.assertEqual(answer["status"], "refused", answer)
        self.assertEqual(answer["type"], "danger")
        day = format_date(self.env, self.venue._local_date(booking.start_at))
        self.assertIn(f"is on {day}, not today", answer["message"])
        self.assertEqual(answer["date"], str(self.venue._local_date(booking.start_at)))
        self.assertEqual(booking.state, "confirmed")

    def test_a_booking_of_another_venue_names_its_venue(self):
        booking = self.book(self.other_court, 1, 10)
        with freeze_time(booking.start_at):
            answer = self.scan(self.qr(booking))
        self.assertEqual(answer["status"], "refused", answer)
        self.assertIn("is at Riverside Hall, not at Test Arena", answer["message"])
        self.assertEqual(booking.state, "confirmed")

    def test_a_cancelled_booking_is_refused(self):
        booking = self.book(self.half_a, 1, 10)
        token = self.qr(booking)
        booking.action_cancel()
        with freeze_time(booking.start_at):
            answer = self.scan(token)
        self.assertEqual(answer["status"], "refused", answer)
        self.assertIn("was cancelled", answer["message"])
        self.assertEqual(booking.state, "cancelled")

    def test_a_no_show_booking_is_refused(self):
        booking = self.book(self.half_a, 1, 10)
        token = self.qr(booking)
        with freeze_time(booking.start_at + timedelta(minutes=20)):
            self.Booking._cron_expire_and_no_show()
            self.assertEqual(booking.state, "no_show")
            answer = self.scan(token)
        self.assertEqual(answer["status"], "refused", answer)
        self.assertIn("no-show", answer["message"])

    def test_the_old_qr_of_a_moved_booking_is_refused(self):
        booking = self.book(self.half_a, 1, 10)
        old = self.qr(booking)
        booking.write(
            {
                "start_at": booking.start_at + timedelta(hours=1),
                "end_at": booking.end_at + timedelta(hours=1),
            }
        )
        with freeze_time(booking.start_at):
            answer = self.scan(old)
            self.assertEqual(answer["status"], "refused", answer)
            self.assertIn("was replaced", answer["message"])
            self.assertEqual(booking.state, "confirmed")
            self.assertEqual(self.scan(self.qr(booking))["status"], "checked_in")

    def test_an_unknown_code_is_refused(self):
        booking = self.book(self.half_a, 1, 10)
        token = self.qr(booking)
        # A forged QR: the signature no longer matches.
        forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
        with freeze_time(booking.start_at):
            for code in ("NO-SUCH-CARD", forged, "  ffff  "):
                answer = self.scan(code)
                self.assertEqual(answer["status"], "unknown", (code, answer))
                self.assertEqual(answer["type"], "warning")
                self.assertIn("Unknown code", answer["message"])
                self.assertFalse(answer["booking_id"])
        self.assertEqual(booking.state, "confirmed")

    def test_a_ticket_is_no_booking_pass(self):
        ticket = self.env["sports.access.entitlement"]._issue(
            [{"name": "Day ticket", "kind": "ticket", "company_id": self.venue.company_id.id}]
        )
        answer = self.scan(ticket.qr_token)
        self.assertEqual(answer["status"], "refused", answer)
        self.assertIn("is a ticket", answer["message"])


@tagged("post_install", "-at_install")
class TestDeskScanCard(DeskScanCase):
    """A member card checks in its holder's booking of now at this venue."""

    def test_a_card_checks_in_the_booking_of_now_that_starts_first(self):
        later = self.book(self.half_b, 1, 11)
        first = self.book(self.half_a, 1, 10, hours=2)
        other = self.book(self.court2, 1, 10, partner=self.customer2)
        with freeze_time(self.local(1, 10, 50)):
            # By the UID as the reader types it, colons and lower case included.
            answer = self.scan("04:A1:b2:c3")
            self.assertEqual(answer["status"], "checked_in", answer)
            self.assertEqual(answer["booking_id"], first.id)
            self.assertEqual(first.state, "checked_in")
            self.assertEqual(later.state, "confirmed")
            self.assertEqual(other.state, "confirmed")
            # The next scan checks in the other booking of now; then there is none left.
            self.assertEqual(self.scan("04A1B2C3")["booking_id"], later.id)
            self.assertEqual(later.state, "checked_in")
            answer = self.scan("04A1B2C3")
        self.assertEqual(answer["status"], "already_checked_in", answer)
        self.assertEqual(answer["booking_id"], first.id)

    def test_a_card_qr_checks_in_too(self):
        booking = self.book(self.half_a, 1, 10)
        with freeze_time(booking.start_at - timedelta(minutes=15)):
            answer = self.scan(self.card.qr_token)
        self.assertEqual(answer["status"], "checked_in", answer)
        self.assertEqual(booking.state, "checked_in")

    def test_a_card_number_typed_at_the_desk_checks_in_too(self):
        booking = self.book(self.half_a, 1, 10)
        with freeze_time(booking.start_at):
            answer = self.scan("mc2612-0001")
        self.assertEqual(answer["status"], "checked_in", answer)
        self.assertEqual(booking.state, "checked_in")

    def test_a_card_before_the_window_has_no_booking_now(self):
        booking = self.book(self.half_a, 1, 15)
        with freeze_time(booking.start_at - timedelta(minutes=16)):
            answer = self.scan("04A1B2C3")
        self.assertEqual(answer["status"], "refused", answer)
        self.assertEqual(answer["type"], "warning")
        self.assertIn("Zhang San has no booking now", answer["message"])
        self.assertIn(f"{booking.name}, starts at 15:00", answer["message"])
        self.assertEqual(booking.state, "confirmed")

    def test_a_card_without_any_booking_today_says_so(self):
        self.book(self.half_a, 2, 10)
        with freeze_time(self.local(1, 10)):
            answer = self.scan("04A1B2C3")
        self.assertEqual(answer["status"], "refused", answer)
        self.assertEqual(answer["message"], "Zhang San has no booking at Test Arena now.")

    def test_a_card_at_one_venue_names_the_booking_at_another(self):
        booking = self.book(self.other_court, 1, 10)
        with freeze_time(booking.start_at):
            answer = self.scan("04A1B2C3")
        self.assertEqual(answer["status"], "refused", answer)
        self.assertIn(f"booking {booking.name} today is at Riverside Hall", answer["message"])
        self.assertEqual(booking.state, "confirmed")

    def test_on_the_list_without_a_venue_any_venue_is_checked_in_and_named(self):
        booking = self.book(self.other_court, 1, 10)
        with freeze_time(booking.start_at):
            answer = self.scan("04A1B2C3", venue=False)
        self.assertEqual(answer["status"], "checked_in", answer)
        self.assertIn("River Court at Riverside Hall", answer["message"])
        self.assertEqual(booking.state, "checked_in")

    def test_a_blocked_card_is_refused(self):
        booking = self.book(self.half_a, 1, 10)
        self.card_uid._revoke("lost")
        with freeze_time(booking.start_at):
            answer = self.scan("04A1B2C3")
            self.assertEqual(answer["status"], "refused", answer)
            self.assertIn("is blocked", answer["message"])
            self.card._revoke("refunded")
            answer = self.scan("MC2612-0001")
            self.assertEqual(answer["status"], "refused", answer)
            self.assertIn("MC2612-0001 is blocked", answer["message"])
        self.assertEqual(booking.state, "confirmed")


@tagged("post_install", "-at_install")
class TestDeskScanInput(DeskScanCase):
    def test_bad_arguments_are_refused_before_anything(self):
        for code in (None, "", 5, ["x"], "a\x00b", "x" * 513):
            with self.assertRaises(ValidationError, msg=repr(code)):
                self.scan(code)
        with self.assertRaises(ValidationError):
            self.Booking.with_user(self.desk).desk_scan("04A1B2C3", "1")
        with self.assertRaises(ValidationError):
            self.Booking.with_user(self.desk).desk_scan("04A1B2C3", 2**31 - 1)

    def test_only_staff_who_may_write_bookings_scan(self):
        booking = self.book(self.half_a, 1, 10)
        for user in (self.portal_user, self.bureau):
            with freeze_time(booking.start_at), self.assertRaises(AccessError):
                self.scan(self.qr(booking), user=user)
        self.assertEqual(booking.state, "confirmed")

    def test_a_venue_of_another_company_is_refused(self):
        company = self.env["res.company"].create({"name": "Other Operator"})
        venue = self.env["sports.venue"].create(
            {"name": "Elsewhere", "code": "ELSE", "company_id": company.id}
        )
        with self.assertRaises(AccessError):
            self.scan("04A1B2C3", venue=venue)


@tagged("post_install", "-at_install")
class TestDeskScanTour(HttpCase):
    """The desk types a booking's QR into the day grid's scan field and sees it checked in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No opening hours: always open, so the booking of the current hour is valid at
        # any time of day the test runs.
        cls.venue = cls.env["sports.venue"].create({"name": "Scan Tour Hall", "code": "STOUR"})
        cls.annex = cls.env["sports.venue"].create({"name": "Scan Tour Annex", "code": "STANX"})
        cls.court = cls.env["sports.space"].create(
            {"name": "Scan Tour Court", "venue_id": cls.venue.id}
        )
        cls.env["sports.price.rule"].create(
            {"name": "Scan tour price", "venue_id": cls.venue.id, "price_per_hour": 80.0}
        )
        cls.staff = new_test_user(
            cls.env,
            login="scan_tour_staff",
            groups="sports_venue.group_arena_user",
            tz=DEFAULT_TZ,
        )
        local = cls.venue._localize(datetime.utcnow()).replace(
            minute=0, second=0, microsecond=0, tzinfo=None
        )
        start = cls.venue._to_utc(local)
        partner = cls.env["res.partner"].create({"name": "Scan Tour Member"})
        cls.booking = cls.env["sports.booking"].book(
            cls.court.id, start, start + timedelta(hours=1), partner.id
        )
        cls.token = (
            cls.env["sports.access.entitlement"]
            .search([("booking_id", "=", cls.booking.id)])
            .qr_token
        )
        cls.day = local.date()

    def scan_tour(self, url, tour):
        """Run ``tour`` from ``url`` with the booking's QR at hand, as a scanner types it."""
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False, "startUrl": url}
        self.start_tour(
            url,
            tour,
            login=self.staff.login,
            code=f"window.arenaDeskScanCode = {json.dumps(self.token)}; "
            f"odoo.startTour({json.dumps(tour)}, {json.dumps(options)})",
        )

    def test_the_desk_scans_a_booking_qr_on_the_day_grid(self):
        self.assertEqual(self.booking.state, "confirmed")
        self.scan_tour(
            f"/odoo/action-sports_booking.action_sports_booking_grid"
            f"?venue_id={self.venue.id}&date={self.day}",
            "sports_access_booking_desk_scan_grid",
        )
        self.assertEqual(self.booking.state, "checked_in")
        self.assertEqual(self.booking.write_uid, self.staff)

    def test_the_desk_scans_a_booking_qr_on_the_booking_list(self):
        """Filtered on a venue, the list scans at that venue's desk; else at any venue."""
        self.assertEqual(self.booking.state, "confirmed")
        self.scan_tour(
            "/odoo/action-sports_booking.sports_booking_action",
            "sports_access_booking_desk_scan_list",
        )
        self.assertEqual(self.booking.state, "checked_in")
