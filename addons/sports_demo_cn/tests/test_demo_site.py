from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDemoSite(HttpCase):
    """Issue 15: the demo website is branded for 南京市体育中心 and leads to booking."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("sports_demo_cn.homepage", raise_if_not_found=False):
            cls.skipTest(cls, "The demo data of sports_demo_cn is not installed.")

    def test_homepage_shows_the_brand_and_leads_to_booking(self):
        response = self.url_open("/")
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        text = response.text
        self.assertIn("南京市体育中心", doc.xpath("string(//h1)"))
        # The hero's button and the footer both lead to the courts.
        book = doc.xpath("//a[contains(@class, 'o_arena_book_court')]")
        self.assertEqual([a.get("href") for a in book], ["/venues"])
        self.assertIn("预订场地 Book a court", book[0].text_content())
        footer = doc.xpath("//*[@id='footer']")[0]
        self.assertIn("/venues", footer.xpath(".//a/@href"))
        self.assertIn("+86 25 8445 6789", footer.text_content())
        self.assertIn("中山东路 118 号", footer.text_content())
        self.assertIn("6:00–22:00", footer.text_content())
        self.assertIn("南京市体育中心运营有限公司", doc.xpath("string(//footer)"))
        # Odoo's placeholders are gone, and the logo is the centre's.
        for placeholder in ("+1 555-555-5556", "Company name", "YourCompany", "Your Logo"):
            self.assertNotIn(placeholder, text)
        self.assertTrue(doc.xpath("//header//img[contains(@src, '/logo')]"))
        website = self.env["website"].get_current_website()
        self.assertEqual(website.name, "南京市体育中心")
        logo = self.url_open(f"/web/image/website/{website.id}/logo")
        self.assertEqual(logo.headers["Content-Type"], "image/png")

    def test_portal_prices_show_the_yuan_sign(self):
        if "sports.ticket.type" not in self.env:
            self.skipTest("The ticket pages come with sports_access.")
        if not self.env["sports.ticket.type"].search_count([("website_published", "=", True)]):
            self.skipTest("No ticket type sold online in the demo.")
        new_test_user(
            self.env,
            login="demo_cn_buyer",
            password="demo-cn-buyer-Pass-1",
            groups="base.group_portal",
            name="Zhou Min",
            email="zhou.min@example.com",
        )
        self.authenticate("demo_cn_buyer", "demo-cn-buyer-Pass-1")
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        prices = html.fromstring(response.content).xpath("//*[contains(@class, 'o_sa_price')]")
        self.assertTrue(prices)
        for price in prices:
            self.assertIn("¥", price.text_content())
            self.assertNotIn("$", price.text_content())
