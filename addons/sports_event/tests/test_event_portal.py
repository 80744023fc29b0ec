"""My Events in the portal, and the QR on the website's registration confirmation page."""

from datetime import timedelta

from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from .event_common import EventCase

MEMBER, STRANGER = "sev_portal_member", "sev_portal_stranger"


@tagged("post_install", "-at_install")
class TestEventPortal(EventCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_user = new_test_user(
            cls.env, login=MEMBER, password=MEMBER, groups="base.group_portal"
        )
        cls.stranger_user = new_test_user(
            cls.env, login=STRANGER, password=STRANGER, groups="base.group_portal"
        )
        cls.member = cls.member_user.partner_id
        cls.later = cls.make_event(days=9, name="Later Cup", spaces=cls.half_a)
        cls.sooner = cls.make_event(days=4, name="Sooner Cup", spaces=cls.half_b)
        cls.past = cls.Event.create(
            {
                "name": "Past Cup",
                "date_tz": "Asia/Shanghai",
                "date_begin": cls.local(-5, 9),
                "date_end": cls.local(-5, 12),
                "sports_venue_id": cls.venue.id,
            }
        )
        cls.registrations = cls.Registration.create(
            [
                {"event_id": event.id, "partner_id": cls.member.id, "name": cls.member.name}
                for event in (cls.later, cls.sooner, cls.past)
            ]
        )

    def test_my_events_lists_upcoming_first_with_their_qr(self):
        self.authenticate(MEMBER, MEMBER)
        response = self.url_open("/my/events")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        cards = doc.xpath("//*[contains(@class, 'o_se_registration')]")
        names = [card.xpath(".//h5")[0].text_content().strip() for card in cards]
        self.assertEqual(names, ["Sooner Cup", "Later Cup"])
        qrs = doc.xpath("//img[contains(@class, 'o_se_pass_qr')]")
        self.assertEqual(len(qrs), 2)
        self.assertTrue(all(img.get("src").startswith("data:image/png;base64,") for img in qrs))
        for registration in self.registrations:
            token = registration.sports_entitlement_id.qr_token
            self.assertNotIn(token, response.text, "the token travels inside the image only")
        # The window in the venue's time: from 08:00 (an hour before 09:00).
        window = doc.xpath("//*[contains(@class, 'o_se_pass_window')]")[0].text_content()
        self.assertIn("08:00", window)
        self.assertEqual(len(doc.xpath("//*[contains(@class, 'o_se_past')]")), 1)
        # The portal home counts the upcoming ones.
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["sports_event_count"]})
        self.assertEqual(counters["sports_event_count"], 2)

    def test_another_member_sees_an_empty_page(self):
        self.authenticate(STRANGER, STRANGER)
        response = self.url_open("/my/events")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_se_no_event", response.text)
        self.assertNotIn("o_se_pass_qr", response.text)

    def test_the_confirmation_page_shows_the_qr_to_its_attendee_only(self):
        Visitor = self.env["website.visitor"]
        # A logged-in user's visitor is keyed by their partner id.
        mine = Visitor.create({"access_token": str(self.member.id)})
        theirs = Visitor.create({"access_token": str(self.stranger_user.partner_id.id)})
        registration = self.registrations[1]
        registration.visitor_id = mine
        # The stranger registered the member too (a friend's registration): they see the
        # confirmation, not the member's QR.
        friend = self.Registration.create(
            {"event_id": self.sooner.id, "partner_id": self.member.id, "visitor_id": theirs.id}
        )
        base = f"/event/{self.sooner.id}/registration/success?registration_ids="
        self.authenticate(MEMBER, MEMBER)
        response = self.url_open(base + str(registration.id))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count("o_se_pass_qr"), 1)
        self.authenticate(STRANGER, STRANGER)
        response = self.url_open(base + str(friend.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Registration confirmed", response.text)
        self.assertNotIn("o_se_pass_qr", response.text)

    def test_a_finished_event_shows_no_qr(self):
        self.assertIsNone(self.registrations[2]._sports_portal_pass(self.member_user)["qr_src"])
        self.assertLess(self.past.date_end, self.later.date_begin - timedelta(days=1))
