import base64
from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.sports_access.models.sports_access_entitlement import epoch

from arena_access.token import verify

from .common import open_every_day

# Not Shanghai (the fallback of every time-zone helper), so a forgotten venue zone shows.
VENUE_TZ = "America/New_York"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@tagged("post_install", "-at_install")
class TestTickets(TransactionCase):
    """Ticket types of every kind on a venue in New York, sold by order and at the till."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        calendar = open_every_day(cls.env, "Open 6-22 every day", 6, 22, cls.company)
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Ticket Arena",
                "code": "SATICKET",
                "tz": VENUE_TZ,
                "resource_calendar_id": calendar.id,
                "is_published": True,
            }
        )
        Type = cls.env["sports.ticket.type"]
        cls.single = Type.create(
            {"name": "Single Swim", "venue_id": cls.venue.id, "kind": "single", "price": 30.0}
        )
        cls.multi = Type.create(
            {
                "name": "Ten Swims",
                "venue_id": cls.venue.id,
                "kind": "multi",
                "uses": 10,
                "validity_days": 30,
                "price": 250.0,
            }
        )
        cls.day = Type.create(
            {
                "name": "Day Pass",
                "venue_id": cls.venue.id,
                "kind": "day",
                # A day pass is valid on its day whatever this says.
                "validity_days": 5,
                "price": 80.0,
            }
        )
        cls.slot = Type.create(
            {
                "name": "Two Hours",
                "venue_id": cls.venue.id,
                "kind": "slot",
                "slot_minutes": 120,
                "price": 40.0,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Liu Yang", "email": "liu.yang@example.com"}
        )
        cls.cashier = new_test_user(
            cls.env,
            login="sa_ticket_cashier",
            groups="sports_venue.group_arena_user",
            company_id=cls.company.id,
        )
        cls.manager = new_test_user(
            cls.env,
            login="sa_ticket_manager",
            groups="sports_venue.group_arena_manager",
            company_id=cls.company.id,
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="sa_ticket_portal",
            groups="base.group_portal",
            company_id=cls.company.id,
        )
        cls.Type = Type

    def order(self, ticket_type, quantity=1, partner=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    Command.create(
                        {"product_id": ticket_type.product_id.id, "product_uom_qty": quantity}
                    )
                ],
            }
        )

    def local_day_bounds(self, days=1):
        """UTC naive start of today at the venue and of the day ``days`` later."""
        tz = pytz.timezone(VENUE_TZ)
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(today), utc(today + timedelta(days=days))

    def trusted_keys(self):
        keys = self.env["sports.access.key"]._trusted(self.company)
        return {key.key_id: bytes.fromhex(key.public_key) for key in keys}

    # ------------------------------------------------------------------------------------
    # Selling by order
    # ------------------------------------------------------------------------------------
    def test_ticket_type_creates_its_product(self):
        product = self.single.product_id
        self.assertTrue(product)
        self.assertEqual(product.type, "service")
        self.assertEqual(product.list_price, 30.0)
        self.single.write({"price": 35.0, "name": "Single Swim (new)"})
        self.assertEqual(product.list_price, 35.0)
        self.assertEqual(product.name, "Single Swim (new)")

    def test_confirming_an_order_issues_one_verifiable_ticket_per_unit(self):
        order = self.order(self.single, 2)
        self.assertFalse(order.order_line.sports_ticket_ids, "nothing before confirmation")
        order.action_confirm()
        tickets = order.order_line.sports_ticket_ids
        self.assertEqual(len(tickets), 2)
        self.assertEqual(set(tickets.mapped("state")), {"active"})
        self.assertEqual(set(tickets.mapped("kind")), {"ticket"})
        self.assertEqual(set(tickets.mapped("ticket_kind")), {"single"})
        self.assertEqual(tickets.partner_id, self.customer)
        self.assertEqual(tickets.ticket_type_id, self.single)
        self.assertEqual(tickets.venue_ids, self.venue)
        self.assertEqual(tickets.company_id, self.company)
        self.assertEqual(self.single.sold_count, 2)
        for ticket in tickets:
            self.assertIn(order.name, ticket.name)

        day_start, day_end = self.local_day_bounds()
        self.assertEqual(tickets.mapped("valid_from"), [day_start, day_start])
        self.assertEqual(tickets.mapped("valid_to"), [day_end, day_end])

        credentials = tickets.credential_ids
        self.assertEqual(len(credentials), 2)
        self.assertEqual(set(credentials.mapped("kind")), {"qr"})
        self.assertEqual(set(credentials.mapped("state")), {"active"})
        tokens = tickets.mapped("qr_token")
        self.assertTrue(all(tokens))
        self.assertEqual(len(set(tokens)), 2, "each ticket has its own QR code")
        self.assertEqual(len(set(credentials.mapped("code"))), 2)

        keys = self.trusted_keys()
        for ticket in tickets:
            credential = ticket.credential_ids
            claims = verify(ticket.qr_token, keys)
            self.assertEqual(claims.key_id, credential.key_id.key_id)
            self.assertEqual(claims.code, credential.code)
            self.assertEqual(claims.nonce, credential.nonce)
            self.assertEqual(claims.kind, "ticket")
            self.assertEqual(claims.venue_id, self.venue.id)
            self.assertEqual(claims.valid_from, epoch(day_start))
            self.assertEqual(claims.valid_to, epoch(day_end))

    def test_uses_and_slots_follow_the_kind(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": t.product_id.id, "product_uom_qty": 1})
                    for t in (self.single, self.multi, self.day, self.slot)
                ],
            }
        )
        order.action_confirm()
        by_type = {t.ticket_type_id: t for t in order.order_line.sports_ticket_ids}
        self.assertEqual(len(by_type), 4)
        single, multi, day, slot = (
            by_type[t] for t in (self.single, self.multi, self.day, self.slot)
        )
        self.assertEqual((single.counted, single.uses_total, single.uses_left), (True, 1, 1))
        self.assertEqual((multi.counted, multi.uses_total, multi.uses_left), (True, 10, 10))
        self.assertEqual((day.counted, day.uses_total, day.uses_left), (False, 0, 0))
        self.assertEqual((slot.counted, slot.uses_total, slot.uses_left), (False, 0, 0))
        self.assertEqual(slot.slot_minutes, 120)
        self.assertEqual((single.slot_minutes, multi.slot_minutes, day.slot_minutes), (0, 0, 0))
        self.assertEqual(
            [single.ticket_kind, multi.ticket_kind, day.ticket_kind, slot.ticket_kind],
            ["single", "multi", "day", "slot"],
        )

        day_start, one_day = self.local_day_bounds(1)
        _start, thirty_days = self.local_day_bounds(30)
        for ticket in (single, multi, day, slot):
            self.assertEqual(ticket.valid_from, day_start, ticket.ticket_kind)
        self.assertEqual(multi.valid_to, thirty_days)
        self.assertEqual(day.valid_to, one_day, "a day pass is valid on its day only")
        self.assertEqual(single.valid_to, one_day)

    def test_confirming_again_issues_nothing_more(self):
        order = self.order(self.single, 2)
        order.action_confirm()
        tickets = order.order_line.sports_ticket_ids
        self.assertFalse(order._sports_ticket_issue())
        order._sports_ticket_issue()
        self.assertEqual(order.order_line.sports_ticket_ids, tickets)
        self.assertEqual(len(tickets.credential_ids), 2)
        self.assertEqual(self.single.sold_count, 2)

    def test_ticket_mail_with_qr_png_attachments_is_queued(self):
        order = self.order(self.single, 2)
        order.action_confirm()
        tickets = order.order_line.sports_ticket_ids
        mails = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        template = self.env.ref("sports_access.mail_template_tickets")
        subject = f"{self.company.name}: your tickets ({order.name})"
        mail = mails.filtered(lambda m: m.subject == subject)
        self.assertEqual(len(mail), 1, mails.mapped("subject"))
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.customer, mail.recipient_ids)
        self.assertEqual(template.model, "sale.order")
        attachments = mail.attachment_ids
        self.assertEqual(len(attachments), 2)
        self.assertEqual(set(attachments.mapped("mimetype")), {"image/png"})
        for attachment in attachments:
            self.assertTrue(base64.b64decode(attachment.datas).startswith(PNG_MAGIC))
        # The body names each ticket's QR attachment; no link leads to an image and
        # no token is in it.
        for attachment in attachments:
            self.assertIn(attachment.name, mail.body_html)
        self.assertNotIn("/web/image", mail.body_html)
        self.assertNotIn("qr.png", mail.body_html)
        for ticket in tickets:
            self.assertNotIn(ticket.qr_token, mail.body_html)

    def test_no_ticket_mail_without_an_email(self):
        nobody = self.env["res.partner"].create({"name": "No Mail"})
        order = self.order(self.single, 1, partner=nobody)
        order.action_confirm()
        self.assertEqual(len(order.order_line.sports_ticket_ids), 1)
        subject = f"{self.company.name}: your tickets ({order.name})"
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id), ("subject", "=", subject)]
            )
        )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
            )
        )

    def test_cancelling_the_order_revokes_tickets_and_credentials(self):
        order = self.order(self.multi, 2)
        order.action_confirm()
        tickets = order.order_line.sports_ticket_ids
        self.assertEqual(len(tickets), 2)
        order.action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(set(tickets.mapped("state")), {"revoked"})
        self.assertEqual(set(tickets.mapped("revoke_reason")), {"cancelled"})
        credentials = tickets.credential_ids
        self.assertEqual(len(credentials), 2, "revoked credentials are kept")
        self.assertEqual(set(credentials.mapped("state")), {"revoked"})
        self.assertTrue(all(credentials.mapped("revoked_at")))
        self.assertEqual(tickets.mapped("qr_token"), [False, False])

    def test_a_quotation_issues_no_ticket(self):
        order = self.order(self.single, 3)
        self.assertFalse(order._sports_ticket_issue())
        self.assertFalse(order.order_line.sports_ticket_ids)

    # ------------------------------------------------------------------------------------
    # The till API
    # ------------------------------------------------------------------------------------
    def test_manager_gives_complimentary_tickets(self):
        Type = self.Type.with_user(self.manager)
        tickets = Type.sell(self.multi.id, 3, self.customer.id, "Till 1", reason="Press visit")
        self.assertEqual(len(tickets), 3)
        self.assertEqual(tickets.env.user, self.manager)
        self.assertEqual(set(tickets.mapped("name")), {"Till 1"})
        self.assertEqual(tickets.partner_id, self.customer)
        self.assertFalse(tickets.sale_line_id)
        self.assertEqual(tickets.mapped("uses_left"), [10, 10, 10])
        self.assertEqual(set(tickets.mapped("complimentary_reason")), {"Press visit"})
        keys = self.trusted_keys()
        self.assertEqual(len({verify(t.qr_token, keys).code for t in tickets}), 3)
        # The reason is logged on the type, with who gave how many.
        message = self.multi.message_ids[:1]
        self.assertIn("Press visit", message.body)
        self.assertIn("3", message.body)
        self.assertEqual(message.author_id, self.manager.partner_id)
        # No customer: an anonymous ticket.
        anonymous = Type.sell(self.single, 1, reason="Lost ticket replaced")
        self.assertFalse(anonymous.partner_id)
        self.assertEqual(anonymous.name, self.single.name)
        self.assertTrue(anonymous.qr_token)

    def test_cashier_cannot_give_free_tickets(self):
        """Issue 14: ``sell`` issues tickets with no payment, so only a manager may."""
        with self.assertRaises(AccessError) as cm:
            self.Type.with_user(self.cashier).sell(
                self.single.id, 1, self.customer.id, reason="A friend"
            )
        self.assertIn("manager", str(cm.exception))
        self.assertEqual(self.single.sold_count, 0)

    def test_complimentary_ticket_needs_a_reason(self):
        Type = self.Type.with_user(self.manager)
        for reason in (None, "", "   ", 5, "a\x00b", "x" * 600):
            with self.subTest(reason=reason), self.assertRaises(ValidationError):
                Type.sell(self.single.id, 1, self.customer.id, reason=reason)
        self.assertEqual(self.single.sold_count, 0)
        self.assertFalse(self.single.message_ids.filtered(lambda m: m.message_type == "comment"))

    def test_portal_user_cannot_sell(self):
        with self.assertRaises(AccessError) as cm:
            self.Type.with_user(self.portal_user).sell(
                self.single.id, 1, self.customer.id, reason="x"
            )
        self.assertIn("manager", str(cm.exception))
        self.assertEqual(self.single.sold_count, 0)

    def test_bad_quantities_are_refused(self):
        Type = self.Type.with_user(self.manager)
        for quantity in (0, 101, -1, 1.5, "2", None, True):
            with self.subTest(quantity=quantity), self.assertRaises(UserError) as cm:
                Type.sell(self.single.id, quantity, self.customer.id, reason="Gift")
            self.assertIn("from 1 to 100", str(cm.exception))
        self.assertEqual(self.single.sold_count, 0)
        self.assertEqual(len(Type.sell(self.single.id, 100, reason="School visit")), 100)

    def test_sell_needs_exactly_one_existing_type(self):
        Type = self.Type.with_user(self.manager)
        for ticket_type in (self.Type, self.single | self.multi, self.Type.browse(999999999)):
            with self.subTest(ticket_type=ticket_type), self.assertRaises(UserError) as cm:
                Type.sell(ticket_type, 1, reason="Gift")
            self.assertIn("exactly one ticket type", str(cm.exception))

    def test_archived_ticket_type_is_refused(self):
        self.single.active = False
        with self.assertRaises(UserError) as cm:
            self.Type.with_user(self.manager).sell(
                self.single.id, 1, self.customer.id, reason="Gift"
            )
        self.assertIn("archived", str(cm.exception))
        self.assertEqual(self.single.sold_count, 0)

    # ------------------------------------------------------------------------------------
    # Ticket type constraints
    # ------------------------------------------------------------------------------------
    def test_ticket_type_numbers_are_validated(self):
        base = {"name": "Bad", "venue_id": self.venue.id}
        for vals in (
            {"kind": "single", "price": -1.0},
            {"kind": "single", "validity_days": 0},
            {"kind": "multi", "uses": 1},
            {"kind": "multi", "uses": 0},
            {"kind": "slot", "slot_minutes": 14},
            {"kind": "slot", "slot_minutes": 1441},
            {"kind": "slot", "slot_minutes": 0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.Type.create({**base, **vals})
        with self.assertRaises(ValidationError):
            self.multi.uses = 1
        with self.assertRaises(ValidationError):
            self.slot.slot_minutes = 10
        # The bounds themselves are fine, and other kinds ignore uses and slots.
        self.Type.create({**base, "kind": "multi", "uses": 2})
        self.Type.create({**base, "kind": "slot", "slot_minutes": 15})
        self.Type.create({**base, "kind": "slot", "slot_minutes": 1440})
        self.Type.create({**base, "kind": "single", "uses": 0, "slot_minutes": 0})
