"""Issue 13, item 2: the member holds the pass (page, mail, calendar file, revocation)."""

import base64
import email
import email.policy
import re
from datetime import timedelta

import cv2  # hw_proxy's camera reads QR codes with it too
import numpy
from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_access.tests.common import sync_all

from .test_booking_access import BookingAccessCase

OWNER, STRANGER = "sab_pass_owner", "sab_pass_stranger"


def png_width(png):
    """The width in pixels a PNG's header gives."""
    return int.from_bytes(png[16:20], "big")


def decode_qr(png):
    """The text a QR image decodes to, read by OpenCV like a phone would. One detector
    alone misses a code now and then; a phone keeps trying, so does this."""
    image = cv2.imdecode(numpy.frombuffer(png, numpy.uint8), cv2.IMREAD_GRAYSCALE)
    _threshold, binary = cv2.threshold(image, 127, 255, cv2.THRESH_BINARY)
    padded = cv2.copyMakeBorder(binary, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    for detector, picture in (
        (cv2.QRCodeDetectorAruco(), image),
        (cv2.QRCodeDetector(), image),
        (cv2.QRCodeDetector(), padded),
    ):
        text = detector.detectAndDecode(picture)[0]
        if text:
            return text
    return ""


@tagged("post_install", "-at_install")
class TestBookingPass(BookingAccessCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env, login=OWNER, groups="base.group_portal", email="owner@example.com"
        )
        cls.stranger = new_test_user(cls.env, login=STRANGER, groups="base.group_portal")
        cls.member = cls.owner.partner_id

    def pass_of(self, booking):
        return self.env["sports.access.entitlement"].search([("booking_id", "=", booking.id)])

    def page(self, booking, query=""):
        response = self.url_open(f"/my/bookings/{booking.id}{query}")
        return response, html.fromstring(response.content)

    def qr_images(self, doc):
        return doc.xpath("//img[contains(@class, 'o_sab_pass_qr')]")

    # ------------------------------------------------------------------ the booking page
    def test_owner_sees_the_pass_qr_large_with_its_window_in_the_venue_time(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member)
        entitlement = self.pass_of(booking)
        qr = entitlement.credential_ids.filtered(lambda c: c.kind == "qr")
        self.authenticate(OWNER, OWNER)
        response, doc = self.page(booking)
        self.assertEqual(response.status_code, 200)
        [img] = self.qr_images(doc)
        src = img.get("src")
        self.assertTrue(src.startswith("data:image/png;base64,"), "the QR travels in the page")
        png = base64.b64decode(src.split(",", 1)[1])
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreaterEqual(int(img.get("width")), 240, "large enough for a phone")
        self.assertGreaterEqual(int(re.search(r"width:\s*(\d+)px", img.get("style")).group(1)), 240)
        self.assertEqual(decode_qr(png), qr.token, "drawn from the pass's own token")
        # The token only travels inside the image, never as text or in a link.
        self.assertNotIn(qr.token, response.text)
        # Valid from 15 minutes before the start (09:45) to the end (11:00), Shanghai time.
        [window] = doc.xpath("//*[contains(@class, 'o_sab_pass_window')]")
        self.assertIn("09:45", window.text_content())
        self.assertIn("11:00", window.text_content())

    def test_another_portal_user_gets_no_page_and_no_qr(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member)
        self.authenticate(STRANGER, STRANGER)
        response = self.url_open(f"/my/bookings/{booking.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.pass_of(booking).qr_token, response.text)
        self.assertNotIn("o_sab_pass_qr", response.text)

    def test_a_shared_link_shows_the_booking_but_not_its_qr(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member)
        token = booking._portal_ensure_token()
        response, doc = self.page(booking, f"?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(booking.name, response.text)
        self.assertFalse(self.qr_images(doc))
        self.assertTrue(doc.xpath("//*[contains(@class, 'o_sab_pass_sign_in')]"))
        self.assertNotIn(self.pass_of(booking).qr_token, response.text)

    def test_a_closed_booking_shows_no_qr_but_why(self):
        self.authenticate(OWNER, OWNER)
        cancelled = self.book(self.half_a, 1, 10, partner=self.member)
        cancelled.action_cancel()
        no_show = self.book(self.half_a, 1, 12, partner=self.member)
        no_show._set_state({"state": "no_show"})
        for booking, reason in ((cancelled, "cancelled"), (no_show, "no-show")):
            response, doc = self.page(booking)
            self.assertEqual(response.status_code, 200)
            self.assertFalse(self.qr_images(doc), booking.state)
            [note] = doc.xpath("//*[contains(@class, 'o_sab_no_pass')]")
            self.assertIn(reason, note.text_content())

    def test_a_held_booking_says_its_pass_comes_with_the_payment(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member, channel="portal")
        self.assertEqual(booking.state, "held")
        self.authenticate(OWNER, OWNER)
        _response, doc = self.page(booking)
        self.assertFalse(self.qr_images(doc))
        [note] = doc.xpath("//*[contains(@class, 'o_sab_no_pass')]")
        self.assertIn("paid", note.text_content())

    # ------------------------------------------------------------------ the mail
    def pass_mails(self, booking):
        return self.env["mail.mail"].search(
            [("model", "=", "sports.booking"), ("res_id", "=", booking.id)]
        )

    def built_message(self, mail):
        """The MIME message the mail queue sends for ``mail``, built exactly as
        ``mail.mail._send`` builds it (which skips sending in tests)."""
        [outgoing] = mail._prepare_outgoing_list()
        msg = self.env["ir.mail_server"]._build_email__(
            email_from=mail.email_from,
            email_to=outgoing["email_to"],
            subject=outgoing["subject"],
            body=outgoing["body"],
            body_alternative=outgoing["body_alternative"],
            email_cc=outgoing["email_cc"],
            reply_to=outgoing["reply_to"],
            attachments=outgoing["attachments"],
            message_id=outgoing["message_id"],
            references=outgoing["references"],
            object_id=outgoing["object_id"],
            subtype="html",
            subtype_alternative="plain",
            headers=outgoing["headers"],
        )
        # What the recipient's mail client reads.
        return email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)

    def test_the_confirmation_mail_carries_the_qr_as_an_inline_png(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member, channel="portal")
        self.assertFalse(self.pass_mails(booking), "held: no pass, no mail")
        booking.action_confirm()
        [mail] = self.pass_mails(booking)
        self.assertIn(self.member, mail.recipient_ids)
        qr = self.pass_of(booking).credential_ids.filtered(lambda c: c.kind == "qr")
        msg = self.built_message(mail)
        body = msg.get_body(("html",))
        cids = re.findall(r'src="cid:([^"]+)"', body.get_content())
        self.assertEqual(len(cids), 1, "the body shows one QR image by its Content-ID")
        # The image is a related part of the HTML body, shown inline, not a download.
        related = [part for part in msg.walk() if part.get("Content-ID") == f"<{cids[0]}>"]
        self.assertEqual(len(related), 1)
        [image] = related
        self.assertEqual(image.get_content_type(), "image/png")
        self.assertEqual(image.get_content_disposition(), "inline")
        png = image.get_content()
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreaterEqual(png_width(png), 240)
        self.assertEqual(decode_qr(png), qr.token, "drawn from the pass's own token")
        self.assertNotIn(qr.token, msg.as_string(), "the token only travels inside the image")
        self.assertFalse(
            [p for p in msg.iter_attachments() if p.get_content_type() == "image/png"],
            "the QR is not also a separate attachment",
        )
        # The booking page link in the mail carries no secret either.
        self.assertIn(f"/my/bookings/{booking.id}", body.get_content())

    def test_a_moved_booking_mails_its_new_qr(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member)
        self.assertEqual(len(self.pass_mails(booking)), 1)
        booking.write(
            {
                "start_at": booking.start_at + timedelta(hours=2),
                "end_at": booking.end_at + timedelta(hours=2),
            }
        )
        mails = self.pass_mails(booking)
        self.assertEqual(len(mails), 2)
        new_qr = self.pass_of(booking).credential_ids.filtered(
            lambda c: c.kind == "qr" and c.state == "active"
        )
        png = next(
            part.get_content()
            for part in self.built_message(mails.sorted("id")[-1]).walk()
            if part.get_content_type() == "image/png"
        )
        self.assertEqual(decode_qr(png), new_qr.token)

    def test_no_mail_without_an_address_or_for_a_desk_walk_in_without_partner(self):
        booking = self.book(self.half_a, 1, 10)  # the customer has no email
        self.assertTrue(self.pass_of(booking))
        self.assertFalse(self.pass_mails(booking))

    # ------------------------------------------------------------------ the calendar file
    def test_ics_links_to_the_booking_page_never_to_the_token(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member)
        access_token = booking._portal_ensure_token()
        token = self.pass_of(booking).qr_token
        self.authenticate(OWNER, OWNER)
        response = self.url_open(f"/my/bookings/{booking.id}/ics")
        self.assertEqual(response.status_code, 200)
        content = response.content.decode().replace("\r\n ", "")
        url = booking.get_base_url() + f"/my/bookings/{booking.id}"
        self.assertIn(f"URL:{url}\r\n", content)
        self.assertNotIn(token, content)
        self.assertNotIn(token[:20], content)
        self.assertNotIn(access_token, content)

    # ------------------------------------------------------------------ revocation
    def test_cancel_revokes_the_pass_online_and_at_the_next_sync(self):
        booking = self.book(self.half_a, 1, 10, partner=self.member)
        entitlement = self.pass_of(booking)
        qr = entitlement.credential_ids.filtered(lambda c: c.kind == "qr")
        token = qr.token
        page = sync_all(self.env, self.venue)
        self.assertIn(qr.id, [c["id"] for c in page["credentials"] if c["state"] == "active"])
        cursor = page["cursor"]

        booking.action_cancel()
        answer = self.verify(token, "hall-in", booking.start_at)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))
        page = sync_all(self.env, self.venue, cursor)
        [sent] = [c for c in page["credentials"] if c["id"] == qr.id]
        self.assertEqual(sent["state"], "revoked")
        self.assertEqual(sent["code"], qr.code, "the proxy finds the revoked code")
        [sent] = [e for e in page["entitlements"] if e["id"] == entitlement.id]
        self.assertEqual(sent["state"], "revoked")


@tagged("post_install", "-at_install")
class TestDemoMemberPass(HttpCase):
    def test_the_demo_member_sees_a_qr_on_an_upcoming_booking(self):
        if not self.env.ref("sports_booking.user_portal_member", raise_if_not_found=False):
            self.skipTest("The demo data is not installed.")
        booking = self.env.ref("sports_access_booking.booking_demo_member_pass")
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.partner_id.user_ids.login, "member")
        self.authenticate("member", "member")
        response = self.url_open("/my/bookings")
        self.assertIn(f"/my/bookings/{booking.id}", response.text, "listed as upcoming")
        response = self.url_open(f"/my/bookings/{booking.id}")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        self.assertEqual(len(doc.xpath("//img[contains(@class, 'o_sab_pass_qr')]")), 1)
