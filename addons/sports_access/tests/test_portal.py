import base64

from lxml import html

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_home import assert_portal_home_icon

from .common import open_every_day

MEMBER_LOGIN, MEMBER_PASSWORD = "sa_tour_member", "sa-tour-member-Pass-1"
OTHER_LOGIN, OTHER_PASSWORD = "sa_other_member", "sa-other-member-Pass-1"
TICKET_NAME = "Tour Swim Ticket"
PRICE = 30.0
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@tagged("post_install", "-at_install")
class TestPortalTickets(HttpCase):
    """My tickets, their QR codes and buying tickets online, for two portal members of a
    published venue that sells one ticket type online and keeps another off line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.company)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Ticket Portal Arena",
                "code": "SAPORTAL",
                "resource_calendar_id": calendar.id,
                "is_published": True,
            }
        )
        Type = cls.env["sports.ticket.type"]
        cls.ticket_type = Type.create(
            {"name": TICKET_NAME, "venue_id": cls.venue.id, "kind": "single", "price": PRICE}
        )
        cls.offline_type = Type.create(
            {
                "name": "Desk Only Ticket",
                "venue_id": cls.venue.id,
                "kind": "day",
                "price": 50.0,
                "website_published": False,
            }
        )
        # Other tests or data may publish more types; the shop window shows only these.
        Type.search([("id", "not in", (cls.ticket_type | cls.offline_type).ids)]).write(
            {"website_published": False}
        )
        cls.member = new_test_user(
            cls.env,
            login=MEMBER_LOGIN,
            password=MEMBER_PASSWORD,
            groups="base.group_portal",
            name="Zhou Min",
            email="zhou.min@example.com",
            company_id=cls.company.id,
        )
        cls.other = new_test_user(
            cls.env,
            login=OTHER_LOGIN,
            password=OTHER_PASSWORD,
            groups="base.group_portal",
            name="Wu Tao",
            email="wu.tao@example.com",
            company_id=cls.company.id,
        )
        # The demo provider pays the orders; other providers would add choices to the form.
        providers = cls.env["payment.provider"].search([("company_id", "=", cls.company.id)])
        demo = providers.filtered(lambda p: p.code == "demo")[:1]
        (providers - demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        demo.write({"state": "test", "is_published": True})
        demo.payment_method_ids.active = True

    def sell(self, partner, quantity=1, ref=None):
        """Tickets sold at the desk (as the superuser, an Arena manager) to ``partner``."""
        return self.env["sports.ticket.type"].sell(
            self.ticket_type,
            quantity,
            partner,
            ref or f"{TICKET_NAME} {partner.name}",
            reason="Portal test",
        )

    def post(self, url, **data):
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **data}, allow_redirects=False
        )

    def orders(self, user):
        return self.env["sale.order"].search([("partner_id", "=", user.partner_id.id)])

    def member_tickets(self):
        return self.env["sports.access.entitlement"].search(
            [("partner_id", "=", self.member.partner_id.id), ("kind", "=", "ticket")]
        )

    # ------------------------------------------------------------------------------------
    # My tickets
    # ------------------------------------------------------------------------------------
    def test_portal_home_entry_has_a_small_svg_icon(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        assert_portal_home_icon(self, "/my/tickets", "sports_access")

    def test_my_tickets_lists_only_my_tickets(self):
        mine = self.sell(self.member.partner_id, ref="Member Swim")
        theirs = self.sell(self.other.partner_id, ref="Other Swim")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        links = doc.xpath("//tr[contains(@class, 'o_sa_ticket_row')]//a/@href")
        self.assertEqual([link.split("?")[0] for link in links], [f"/my/tickets/{mine.id}"])
        self.assertIn("Member Swim", response.text)
        self.assertNotIn("Other Swim", response.text)
        self.assertFalse(doc.xpath("//*[contains(@class, 'o_sa_no_ticket')]"))
        self.assertTrue(doc.xpath("//*[contains(@class, 'o_sa_state_valid')]"))
        # The shop window: the published type only.
        shop = doc.xpath("//form[contains(@class, 'o_sa_ticket_type')]/@data-ticket-type")
        self.assertEqual(shop, [TICKET_NAME])

        response = self.url_open(f"/my/tickets/{mine.id}")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        qr = doc.xpath("//img[contains(@class, 'o_sa_ticket_qr')]/@src")
        self.assertEqual(len(qr), 1)
        # The image is drawn on the server and sent inside the page: the QR token, a
        # bearer secret, appears in no URL (nor anywhere else in the page).
        prefix = "data:image/png;base64,"
        self.assertTrue(qr[0].startswith(prefix))
        self.assertTrue(base64.b64decode(qr[0][len(prefix) :]).startswith(PNG_MAGIC))
        self.assertNotIn(mine.qr_token, response.text)
        self.assertEqual(doc.xpath("//dd[contains(@class, 'o_sa_uses_left')]")[0].text, "1")
        self.assertTrue(theirs)

    def test_empty_state_without_tickets(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        self.assertTrue(doc.xpath("//*[contains(@class, 'o_sa_no_ticket')]"))
        self.assertFalse(doc.xpath("//tr[contains(@class, 'o_sa_ticket_row')]"))

    def test_revoked_ticket_has_no_qr(self):
        ticket = self.sell(self.member.partner_id)
        ticket._revoke("refunded")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open(f"/my/tickets/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_sa_ticket_qr", response.text)
        self.assertIn("o_sa_no_qr", response.text)
        self.assertIn("o_sa_state_revoked", response.text)

    def test_other_member_cannot_see_my_ticket_or_its_qr(self):
        ticket = self.sell(self.member.partner_id, ref="Member Swim")
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        self.assertEqual(self.url_open(f"/my/tickets/{ticket.id}").status_code, 404)
        self.assertNotIn("Member Swim", self.url_open("/my/tickets").text)
        wrong = self.url_open(f"/my/tickets/{ticket.id}?access_token=not-the-token")
        self.assertEqual(wrong.status_code, 404)
        # No route serves a QR image on its own any more.
        self.assertEqual(self.url_open(f"/my/tickets/{ticket.id}/qr.png").status_code, 404)
        # A visitor without a session neither.
        self.authenticate(None, None)
        self.assertEqual(self.url_open(f"/my/tickets/{ticket.id}").status_code, 404)
        # Not a ticket at all.
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        self.assertEqual(self.url_open("/my/tickets/999999999").status_code, 404)

    # ------------------------------------------------------------------------------------
    # Buying online
    # ------------------------------------------------------------------------------------
    def test_buying_creates_a_quotation_to_pay(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.post(
            "/my/tickets/buy",
            ticket_type_id=str(self.ticket_type.id),
            quantity="3",
            price_unit="0.01",
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        order = self.orders(self.member)
        self.assertEqual(len(order), 1)
        self.assertIn(order.get_portal_url().split("?")[0], response.headers["Location"])
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.require_payment)
        self.assertEqual(order.order_line.product_id, self.ticket_type.product_id)
        self.assertEqual(order.order_line.product_uom_qty, 3)
        self.assertEqual(order.order_line.price_unit, PRICE, "the server prices the ticket")
        self.assertFalse(self.member_tickets(), "nothing is issued before payment")
        order.action_confirm()
        self.assertEqual(len(self.member_tickets()), 3)

    def test_bad_quantity_is_refused_and_no_order_is_made(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        for quantity in ("abc", "0", "21", "-1", "1.5", ""):
            with self.subTest(quantity=quantity):
                response = self.post(
                    "/my/tickets/buy", ticket_type_id=str(self.ticket_type.id), quantity=quantity
                )
                self.assertEqual(response.status_code, 422)
                doc = html.fromstring(response.content)
                self.assertTrue(doc.xpath("//div[contains(@class, 'o_sa_buy_error')]"))
                self.assertNotIn("Traceback", response.text)
        self.assertFalse(self.orders(self.member))

    def test_a_type_not_on_sale_cannot_be_bought(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        for ticket_type_id in (str(self.offline_type.id), "999999999", "abc", ""):
            with self.subTest(ticket_type_id=ticket_type_id):
                response = self.post("/my/tickets/buy", ticket_type_id=ticket_type_id, quantity="1")
                self.assertEqual(response.status_code, 422)
                doc = html.fromstring(response.content)
                error = doc.xpath("//div[contains(@class, 'o_sa_buy_error')]")
                self.assertTrue(error)
                self.assertIn("not on sale", error[0].text_content())
        # Nor a published type of a venue that is not.
        self.venue.is_published = False
        self.env.flush_all()
        response = self.post(
            "/my/tickets/buy", ticket_type_id=str(self.ticket_type.id), quantity="1"
        )
        self.assertIn("o_sa_buy_error", response.text)
        self.assertFalse(self.orders(self.member))

    def test_visitor_must_log_in_to_buy(self):
        response = self.url_open("/my/tickets", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    # ------------------------------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------------------------------
    def test_member_buys_a_ticket_and_sees_its_qr(self):
        payment_demo = self.env["ir.module.module"].search([("name", "=", "payment_demo")])
        if payment_demo.state != "installed":
            # sports_access alone does not pay online by itself; the full suite has it.
            self.skipTest("The tour pays with the demo payment provider (payment_demo).")
        self.start_tour("/my", "sports_access_portal_buy_ticket")
        order = self.orders(self.member)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.transaction_ids.state, "done")
        ticket = self.member_tickets()
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.state, "active")
        self.assertEqual(ticket.ticket_type_id, self.ticket_type)
        self.assertEqual(ticket.sale_line_id, order.order_line)
        qr = ticket.credential_ids.filtered(lambda c: c.kind == "qr" and c.state == "active")
        self.assertEqual(len(qr), 1)
        self.assertTrue(qr.token)
        self.assertEqual(ticket.qr_token, qr.token)
