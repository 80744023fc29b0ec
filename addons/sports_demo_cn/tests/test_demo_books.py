from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoBooks(TransactionCase):
    """Issue 15: the demo operators keep their books in CNY on l10n_cn, and no company of
    the demo is left in USD or over from Odoo's own demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("sports_demo_cn.homepage", raise_if_not_found=False):
            cls.skipTest(cls, "The demo data of sports_demo_cn is not installed.")
        if not cls.env["ir.module.module"].search(
            [("name", "=", "l10n_cn"), ("state", "=", "installed")]
        ):
            cls.skipTest(cls, "l10n_cn is not installed: the demo keeps the generic chart.")
        cls.yuan = cls.env.ref("base.CNY")
        cls.main = cls.env.ref("base.main_company")

    def test_operators_keep_their_books_in_yuan_on_the_chinese_chart(self):
        operators = self.main | self.env["res.company"].search([("arena_role", "=", "operator")])
        self.assertGreaterEqual(len(operators), 2)
        for company in operators:
            self.assertEqual(company.chart_template, "cn", company.name)
            self.assertEqual(company.currency_id, self.yuan, company.name)
            self.assertEqual(company.country_id.code, "CN", company.name)
        self.assertEqual(self.main.name, "南京市体育中心运营有限公司")

    def test_every_entry_of_the_main_company_is_in_yuan_on_its_chart(self):
        lines = self.env["account.move.line"].search([("company_id", "=", self.main.id)])
        self.assertTrue(lines)
        self.assertEqual(lines.company_currency_id, self.yuan)
        self.assertEqual(lines.account_id.company_ids, self.main)
        # Nothing from Odoo's generic chart survives on the main company.
        generic = self.env["account.account"].search(
            [("company_ids", "in", self.main.ids), ("code", "=like", "______")]
        )
        self.assertFalse(generic.filtered(lambda a: "." not in a.code), generic.mapped("code"))

    def test_no_company_in_dollars_and_no_stray_company(self):
        self.assertFalse(
            self.env["res.company"].search([("currency_id", "!=", self.yuan.id)]).mapped("name")
        )
        for xmlid in (
            "l10n_us.demo_company_us",
            "stock.res_company_1",
            "base.demo_company_cn",
            "base.demo_asbe_company_cn",
        ):
            company = self.env.ref(xmlid, raise_if_not_found=False)
            if company:
                self.assertFalse(company.active, xmlid)
                self.assertFalse(company.user_ids, xmlid)
                self.assertEqual(company.currency_id, self.yuan, xmlid)

    def test_yuan_shows_as_yen_sign_before_the_amount_for_chinese_users(self):
        self.assertEqual(self.yuan.symbol, "¥")
        self.assertEqual(self.yuan.position, "before")
        lang = self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual((lang.decimal_point, lang.thousands_sep), (".", ","))
        formatted = self.env["ir.qweb.field.monetary"].value_to_html(
            12345.5, {"display_currency": self.yuan}
        )
        self.assertIn("¥", formatted)
        self.assertIn("12,345.50", formatted)
        self.assertNotIn("$", formatted)

    def test_the_demo_provider_is_published_for_the_main_company(self):
        demo = self.env.ref("payment.payment_provider_demo")
        self.assertEqual(demo.company_id, self.main)
        self.assertEqual(demo.state, "test")
        self.assertTrue(demo.is_published)
