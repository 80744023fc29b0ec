import base64
import io

from lxml import html
from PIL import Image

from odoo.tests import tagged

from odoo.addons.sports_venue.tests.portal_home import assert_portal_home_icon

from .common import MEMBER_LOGIN, MEMBER_PASSWORD, OTHER_LOGIN, OTHER_PASSWORD, PortalCardCase


@tagged("post_install", "-at_install")
class TestPortalCards(PortalCardCase):
    """My cards and the online top-up, for a portal member with an empty stored-value
    card (tier: pay 100, get 110)."""

    # ------------------------------------------------------------------------------------
    # My cards
    # ------------------------------------------------------------------------------------
    def test_portal_home_entry_has_a_small_svg_icon(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        assert_portal_home_icon(self, "/my/cards", "sports_membership")

    def test_member_sees_own_card_with_qr_and_history(self):
        self.card.topup(100.0, "sm-portal-desk-1", ref="desk")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open("/my/cards")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.card.name, response.text)
        self.assertNotIn(self.other_card.name, response.text)
        response = self.url_open(f"/my/cards/{self.card.id}")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        qr = doc.xpath("//img[contains(@class, 'o_sm_card_qr')]/@src")[0]
        self.assertTrue(qr.startswith("data:image/png;base64,"))
        # A 300 px square image, drawn on the server by Odoo's barcode helper.
        image = Image.open(io.BytesIO(base64.b64decode(qr.split(",", 1)[1])))
        self.assertEqual((image.format, image.size), ("PNG", (300, 300)))
        self.assertIn(
            "100.00", doc.xpath("//dd[contains(@class, 'o_sm_balance_paid')]")[0].text_content()
        )
        self.assertIn(
            "10.00", doc.xpath("//dd[contains(@class, 'o_sm_balance_bonus')]")[0].text_content()
        )
        self.assertEqual(len(doc.xpath("//tr[contains(@class, 'o_sm_move')]")), 2)
        tiers = doc.xpath("//input[@name='amount']/@value")
        self.assertEqual(tiers, ["100.00", "other"])

    def test_move_history_is_paginated(self):
        for n in range(25):
            self.card.topup(1.0, f"sm-portal-page-{n}", ref="desk")
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        doc = html.fromstring(self.url_open(f"/my/cards/{self.card.id}").content)
        self.assertEqual(len(doc.xpath("//tr[contains(@class, 'o_sm_move')]")), 20)
        doc = html.fromstring(self.url_open(f"/my/cards/{self.card.id}/page/2").content)
        self.assertEqual(len(doc.xpath("//tr[contains(@class, 'o_sm_move')]")), 5)

    def test_other_member_cannot_see_or_top_up_my_card(self):
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        self.assertEqual(self.url_open(f"/my/cards/{self.card.id}").status_code, 404)
        self.assertNotIn(self.card.name, self.url_open("/my/cards").text)
        response = self.post(f"/my/cards/{self.card.id}/topup", amount="100.00")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.topup_orders())

    def test_family_member_sees_but_cannot_top_up_the_card(self):
        self.card.partner_ids = self.other.partner_id
        self.authenticate(OTHER_LOGIN, OTHER_PASSWORD)
        response = self.url_open(f"/my/cards/{self.card.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_sm_topup_button", response.text)
        response = self.post(f"/my/cards/{self.card.id}/topup", amount="100.00")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.topup_orders())

    # ------------------------------------------------------------------------------------
    # Online top-up
    # ------------------------------------------------------------------------------------
    def test_no_payment_provider_shows_pay_at_the_desk_instead_of_the_topup_form(self):
        """Issue 15: with no provider to take it, no online top-up is offered."""
        providers = self.env["payment.provider"].search(
            [("company_id", "=", self.card.company_id.id)]
        )
        providers.filtered(lambda p: p.state != "disabled").state = "disabled"
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.url_open(f"/my/cards/{self.card.id}")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        notice = doc.xpath(
            "//*[contains(@class, 'o_sm_topup')]//*[contains(@class, 'o_arena_pay_at_desk')]"
        )
        self.assertEqual(len(notice), 1)
        # In English, or in Chinese where the website speaks it.
        self.assertTrue(
            any(
                message in notice[0].text_content()
                for message in ("Online payment is not available yet", "暂不支持在线支付")
            )
        )
        self.assertFalse(doc.xpath("//*[contains(@class, 'o_sm_topup_button')]"))
        self.assertFalse(doc.xpath(f"//form[@action='/my/cards/{self.card.id}/topup']"))

    def test_tampered_topup_amount_is_refused(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        url = f"/my/cards/{self.card.id}/topup"
        for data in (
            {"amount": "1.00"},
            {"amount": "other", "other_amount": "-100"},
            {"amount": "other", "other_amount": "0"},
            {"amount": "other", "other_amount": "abc"},
            {"amount": "other", "other_amount": "nan"},
            {"amount": "other", "other_amount": "100.001"},
            {"amount": "other", "other_amount": "1e9"},
            {},
        ):
            response = self.post(url, **data)
            self.assertEqual(response.status_code, 422, data)
            self.assertIn("o_sm_topup_error", response.text, data)
            self.assertNotIn("Traceback", response.text)
        self.assertFalse(self.topup_orders())

        # A posted bonus or price is ignored: the server prices the tier itself.
        response = self.post(url, amount="100.00", bonus="1000", price_unit="1")
        self.assertEqual(response.status_code, 303)
        order = self.topup_orders()
        self.assertEqual(order.order_line.price_unit, 100.0)
        self.assertEqual(order.amount_total, 100.0)
        self.assertIn(order.get_portal_url().split("?")[0], response.headers["Location"])
        order.action_confirm()
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (100.0, 10.0))

    def test_online_topup_stays_within_the_company_limit(self):
        """The portal never sells a top-up that the ledger would refuse on payment."""
        self.card.company_id.card_topup_max = 1000
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        url = f"/my/cards/{self.card.id}/topup"
        response = self.post(url, amount="other", other_amount="2000")
        self.assertEqual(response.status_code, 422)
        self.assertIn("o_sm_topup_error", response.text)
        self.assertFalse(self.topup_orders())
        response = self.post(url, amount="other", other_amount="1000")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.topup_orders().amount_total, 1000.0)

    def test_topup_order_confirmation_credits_the_card_exactly_once(self):
        self.authenticate(MEMBER_LOGIN, MEMBER_PASSWORD)
        response = self.post(f"/my/cards/{self.card.id}/topup", amount="other", other_amount="150")
        self.assertEqual(response.status_code, 303)
        order = self.topup_orders()
        self.assertTrue(order.require_payment)
        self.assertEqual(order.partner_id, self.member.partner_id)
        self.assertEqual(order.order_line.sports_card_id, self.card)
        self.assertEqual(
            order.order_line.product_id, self.env.ref("sports_membership.product_card_topup")
        )
        self.assertFalse(order.order_line.tax_ids)
        self.assertEqual(self.card.balance_paid, 0.0, "nothing before the order is confirmed")

        order.action_confirm()
        # Confirmation runs again: a replayed payment notification, or re-confirmation.
        order._sports_card_topup()
        order.action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(len(self.moves(self.card, "topup")), 1)
        self.assertEqual(len(self.moves(self.card, "bonus")), 1)
        self.assertEqual(self.moves(self.card, "topup").ref, order.name)
        self.assertEqual(
            self.moves(self.card, "topup").idempotency_key,
            f"sale-order-line-{order.order_line.id}",
        )
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (150.0, 10.0))
        self.assertEqual(self.card._check_balance_integrity(), [])
        # The order's payment books the cash; the top-up debits the customer's receivable,
        # so the cash is not counted twice.
        entry = self.moves(self.card, "topup").account_move_id
        receivable = self.member.partner_id.property_account_receivable_id
        debit = entry.line_ids.filtered(lambda ln: ln.debit)
        self.assertEqual(debit.account_id, receivable)
        self.assertEqual(debit.debit, 150.0)
