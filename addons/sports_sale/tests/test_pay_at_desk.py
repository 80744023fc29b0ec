from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

LOGIN = "arena_sale_desk_member"
PASSWORD = "arena-sale-desk-Pass-1"
# The notice, in English or in Chinese (a database loaded with zh_CN shows its website in
# Chinese to visitors).
MESSAGES = ("Online payment is not available yet", "暂不支持在线支付")


@tagged("post_install", "-at_install")
class TestPayAtDesk(HttpCase):
    """Issue 15: with no payment provider, the order page says to pay at the front desk
    and offers no checkout that cannot complete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.member = new_test_user(
            cls.env,
            login=LOGIN,
            password=PASSWORD,
            groups="base.group_portal",
            name="Sun Li",
            email="sun.li@example.com",
            company_id=cls.company.id,
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Desk court hour", "type": "service", "list_price": 80.0, "taxes_id": False}
        )
        cls.providers = cls.env["payment.provider"].search([("company_id", "=", cls.company.id)])

    def order_page(self):
        order = self.env["sale.order"]._arena_prepaid_order(
            self.member.partner_id,
            self.company,
            "DESK-1",
            [{"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 80.0}],
        )
        self.authenticate(LOGIN, PASSWORD)
        response = self.url_open(order.with_user(self.member).get_portal_url())
        self.assertEqual(response.status_code, 200)
        return order, response.text, html.fromstring(response.content)

    def test_no_provider_says_pay_at_the_desk_and_offers_no_checkout(self):
        self.providers.filtered(lambda p: p.state != "disabled").state = "disabled"
        order, _text, doc = self.order_page()
        self.assertTrue(order._has_to_be_paid())
        notice = doc.xpath("//*[contains(@class, 'o_arena_pay_at_desk')]")
        self.assertEqual(len(notice), 1)
        self.assertTrue(any(message in notice[0].text_content() for message in MESSAGES))
        # No pay button and no payment form: nothing that cannot complete.
        self.assertFalse(doc.xpath("//*[@id='o_sale_portal_paynow']"))
        self.assertFalse(doc.xpath("//*[@id='o_payment_form']"))
        self.assertFalse(doc.xpath("//*[@name='sale_order_modal_validate']"))
        self.assertFalse(
            doc.xpath("//*[@name='sale_order_actions']//*[@data-bs-target='#modalaccept']")
        )

    def test_an_enabled_provider_offers_the_checkout(self):
        demo = self.providers.filtered(lambda p: p.code == "demo")[:1]
        if not demo or demo.module_state != "installed":
            self.skipTest("Paying online needs a provider: the demo one (payment_demo).")
        (self.providers - demo).filtered(lambda p: p.state != "disabled").state = "disabled"
        demo.write({"state": "test", "is_published": True})
        demo.payment_method_ids.active = True
        _order, text, doc = self.order_page()
        self.assertFalse(doc.xpath("//*[contains(@class, 'o_arena_pay_at_desk')]"))
        self.assertFalse(any(message in text for message in MESSAGES))
        self.assertTrue(doc.xpath("//*[@id='o_sale_portal_paynow']"))
        self.assertTrue(doc.xpath("//*[@id='o_payment_form']"))
