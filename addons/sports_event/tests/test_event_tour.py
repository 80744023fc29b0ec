"""Issue 19, events tour: the demo member registers for an upcoming event on the website
and sees the gate pass QR on the confirmation page and under My Events."""

from odoo.tests import HttpCase, tagged

from .event_common import EventCase


@tagged("post_install", "-at_install")
class TestEventTour(EventCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls.make_event(days=7, name="Tour Cup", website_published=True)
        cls.env["event.event.ticket"].create(
            {"name": "Player", "event_id": cls.event.id, "price": 0.0}
        )
        cls.member_user = cls.env["res.users"].search([("login", "=", "member")])

    def test_member_registers_and_sees_the_qr(self):
        if not self.member_user:
            self.skipTest("the demo member comes with the demo data")
        self.start_tour(f"/event/{self.event.id}", "sports_event_member_registers", login="member")
        registration = self.Registration.search([("event_id", "=", self.event.id)])
        self.assertEqual(len(registration), 1)
        self.assertEqual(registration.partner_id, self.member_user.partner_id)
        self.assertEqual(registration.state, "open")
        self.assertTrue(registration.sports_entitlement_id.qr_token)
