import uuid
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sports_booking.tests.common import BookingCase


class BookingAccessCase(BookingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area = cls.env["sports.area"].create({"name": "Hall", "venue_id": cls.venue.id})
        cls.other_area = cls.env["sports.area"].create({"name": "Pool", "venue_id": cls.venue.id})
        cls.half_a.area_id = cls.area
        Point = cls.env["sports.access.point"]
        Point.create({"name": "Hall", "code": "hall-in", "area_id": cls.area.id})
        Point.create({"name": "Pool", "code": "pool-in", "area_id": cls.other_area.id})

    def verify(self, token, point, at):
        return self.env["sports.access.gate"]._verify(token, point, self.venue, at=at)


@tagged("post_install", "-at_install")
class TestBookingAccess(BookingAccessCase):
    """Bookings open their area at the gates; their courts' lights reach the proxy."""

    def test_booking_opens_its_area_from_15_minutes_before_start_until_cancelled(self):
        booking = self.book(self.half_a, 1, 10, channel="portal")
        Entitlement = self.env["sports.access.entitlement"]
        self.assertFalse(Entitlement.search([("booking_id", "=", booking.id)]), "held: no pass")
        booking.action_confirm()
        entitlement = Entitlement.search([("booking_id", "=", booking.id)])
        start = booking.start_at
        self.assertEqual(entitlement.valid_from, start - timedelta(minutes=15))
        self.assertEqual(entitlement.valid_to, booking.end_at)
        self.assertEqual(entitlement.area_ids, self.area)
        self.assertFalse(entitlement.opening_hours)
        token = entitlement.qr_token
        answer = self.verify(token, "hall-in", start - timedelta(minutes=16))
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "not_yet_valid"))
        answer = self.verify(token, "pool-in", start)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "wrong_area"))
        # A cancelled booking (never entered: an entry checks it in) revokes its pass.
        booking.action_cancel()
        self.assertEqual(entitlement.state, "revoked")
        self.assertEqual(entitlement.credential_ids.state, "revoked")
        answer = self.verify(token, "hall-in", start + timedelta(minutes=5))
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))

    def test_moving_a_booking_reissues_its_qr(self):
        booking = self.book(self.half_a, 2, 10)
        self.assertEqual(booking.state, "confirmed")
        entitlement = self.env["sports.access.entitlement"].search(
            [("booking_id", "=", booking.id)]
        )
        old_token = entitlement.qr_token
        booking.write(
            {
                "start_at": booking.start_at + timedelta(hours=2),
                "end_at": booking.end_at + timedelta(hours=2),
            }
        )
        self.assertNotEqual(entitlement.qr_token, old_token)
        self.assertEqual(entitlement.valid_from, booking.start_at - timedelta(minutes=15))
        answer = self.verify(old_token, "hall-in", booking.start_at)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))
        answer = self.verify(entitlement.qr_token, "hall-in", booking.start_at)
        self.assertEqual(answer["decision"], "granted")

    def test_sync_hands_the_proxy_the_booked_courts_light_schedule(self):
        sync = self.env["sports.access.sync"]
        self.assertEqual(sync._page(None, 1000, self.venue)["lights"], [])
        booking = self.book(self.half_a, 1, 10)
        lights = sync._page(None, 1000, self.venue)["lights"]
        self.assertEqual([light["device"] for light in lights], ["light-full"])
        self.assertEqual(lights[0]["venue_id"], self.venue.id)
        lead = timedelta(minutes=self.venue.light_lead_minutes)
        self.assertEqual(lights[0]["on_at"], (booking.start_at - lead).isoformat() + "Z")

    def test_a_booking_pass_is_a_booking_kind_entitlement(self):
        booking = self.book(self.half_a, 1, 11)
        entitlement = self.env["sports.access.entitlement"].search(
            [("booking_id", "=", booking.id)]
        )
        self.assertEqual(entitlement.kind, "booking")
        self.assertEqual(entitlement.partner_id, booking.partner_id)
        self.assertTrue(entitlement.qr_token)


@tagged("post_install", "-at_install")
class TestGateChecksIn(BookingAccessCase):
    """Issue 13, item 1: the first granted entry on a booking pass checks the booking in."""

    def pass_of(self, booking):
        return self.env["sports.access.entitlement"].search([("booking_id", "=", booking.id)])

    def upload(self, booking, at, **extra):
        item = {
            "uuid": str(uuid.uuid4()),
            "point": "hall-in",
            "credential": self.pass_of(booking).qr_token,
            "direction": "in",
            "decision": "granted",
            "device_time": at.isoformat() + "+00:00",
        }
        item.update(extra)
        return item

    def test_an_online_entry_checks_the_booking_in(self):
        booking = self.book(self.half_a, 1, 10)
        self.assertEqual(booking.state, "confirmed")
        early = booking.start_at - timedelta(minutes=14)
        answer = self.verify(self.pass_of(booking).qr_token, "hall-in", early)
        self.assertEqual(answer["decision"], "granted")
        self.assertEqual(booking.state, "checked_in")
        self.assertEqual(booking.checked_in_at, early)
        # A second entry changes nothing and is still granted.
        answer = self.verify(
            self.pass_of(booking).qr_token, "hall-in", booking.start_at + timedelta(minutes=1)
        )
        self.assertEqual(booking.state, "checked_in")

    def test_a_denied_entry_does_not_check_in(self):
        booking = self.book(self.half_a, 1, 10)
        answer = self.verify(self.pass_of(booking).qr_token, "pool-in", booking.start_at)
        self.assertEqual(answer["decision"], "denied")
        self.assertEqual(booking.state, "confirmed")

    def test_an_uploaded_offline_entry_checks_in_once(self):
        booking = self.book(self.half_a, 1, 10)
        Upload = self.env["sports.access.upload"]
        with freeze_time(booking.start_at + timedelta(minutes=5)):
            item = self.upload(booking, booking.start_at + timedelta(minutes=2))
            result = Upload._upload_events([item], self.venue)
            self.assertEqual(result["accepted"], [item["uuid"]], result)
            self.assertEqual(booking.state, "checked_in")
            checked_in_at = booking.checked_in_at
            result = Upload._upload_events([item], self.venue)
            self.assertEqual(result["duplicates"], [item["uuid"]], result)
            result = Upload._upload_events([item, dict(item)], self.venue)
        self.assertEqual(booking.state, "checked_in")
        self.assertEqual(booking.checked_in_at, checked_in_at)
        self.assertEqual(
            self.env["sports.access.event"].search_count([("uuid", "=", item["uuid"])]), 1
        )

    def test_an_offline_entry_uploaded_after_the_no_show_time_still_checks_in(self):
        booking = self.book(self.half_a, 1, 10)
        with freeze_time(booking.start_at + timedelta(minutes=40)):
            item = self.upload(booking, booking.start_at + timedelta(minutes=2))
            self.env["sports.access.upload"]._upload_events([item], self.venue)
            self.assertEqual(booking.state, "checked_in")

    def test_the_no_show_cron_spares_an_entered_booking(self):
        entered = self.book(self.half_a, 1, 10, hours=3)
        absent = self.book(self.half_b, 1, 12)
        self.verify(self.pass_of(entered).qr_token, "hall-in", entered.start_at)
        with freeze_time(absent.start_at + timedelta(minutes=20)):
            self.Booking._cron_expire_and_no_show()
        self.assertEqual(entered.state, "checked_in")
        self.assertEqual(absent.state, "no_show")
        self.assertEqual(self.pass_of(absent).state, "revoked")

    def test_a_checked_in_booking_keeps_its_pass_and_lights_past_the_no_show_time(self):
        booking = self.book(self.half_a, 1, 10)
        token = self.pass_of(booking).qr_token
        self.verify(token, "hall-in", booking.start_at + timedelta(minutes=1))
        after = booking.start_at + timedelta(minutes=20)
        with freeze_time(after):
            self.Booking._cron_expire_and_no_show()
            self.assertEqual(booking.state, "checked_in")
            self.assertEqual(self.pass_of(booking).state, "active")
            lights = self.env["sports.access.sync"]._page(None, 1000, self.venue)["lights"]
        grace = timedelta(minutes=self.venue.light_grace_minutes)
        self.assertEqual(len(lights), 1)
        self.assertEqual(lights[0]["off_at"], (booking.end_at + grace).isoformat() + "Z")
        # Late arrivals are admitted until the booking ends.
        answer = self.verify(token, "hall-in", booking.end_at - timedelta(minutes=1))
        self.assertEqual(answer["decision"], "granted", answer)

    def test_an_early_exit_does_not_end_the_booking_and_re_entry_is_granted(self):
        booking = self.book(self.half_a, 1, 10)
        token = self.pass_of(booking).qr_token
        start = booking.start_at
        self.verify(token, "hall-in", start)
        gate = self.env["sports.access.gate"]
        answer = gate._verify(
            token, "hall-in", self.venue, direction="out", at=start + timedelta(minutes=10)
        )
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual(booking.state, "checked_in")
        with freeze_time(start + timedelta(minutes=30)):
            self.Booking._cron_expire_and_no_show()
        answer = self.verify(token, "hall-in", start + timedelta(minutes=30))
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual(booking.state, "checked_in")
