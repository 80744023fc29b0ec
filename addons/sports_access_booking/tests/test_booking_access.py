from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.sports_booking.tests.common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingAccess(BookingCase):
    """Bookings open their area at the gates; their courts' lights reach the proxy."""

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
        answer = self.verify(token, "hall-in", start - timedelta(minutes=14))
        self.assertEqual(answer["decision"], "granted")
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
