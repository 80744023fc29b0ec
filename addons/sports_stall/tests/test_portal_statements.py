"""The merchant portal and the statements (issue 16): a merchant sees its own statements
and sales and nothing else; the PDF and the XLSX carry the daily breakdown and the
totals."""

import io

import openpyxl
from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_home import assert_portal_home_icon

from .portal_common import PASSWORD, StallPortalFixture

XLSX_MAGIC = b"PK\x03\x04"


def xlsx_rows(content):
    """The statement sheet's rows, as tuples of values."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@tagged("post_install", "-at_install")
class TestStallPortal(StallPortalFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpStallFixture()

    def login(self, user):
        self.authenticate(user.login, PASSWORD)

    # ------------------------------------------------------------------ home entry

    def test_merchant_has_a_my_stall_entry_and_a_visitor_has_none(self):
        self.login(self.user_a)
        assert_portal_home_icon(self, "/my/stall/statements", "sports_stall")
        self.login(self.user_c)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/my/stall/statements", response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["sports_stall_statement_count"]}
        )
        self.assertEqual(counters["sports_stall_statement_count"], 0)

    def test_merchant_counter_counts_its_own_statements(self):
        self.login(self.user_a)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["sports_stall_statement_count"]}
        )
        self.assertEqual(counters["sports_stall_statement_count"], 1)

    # ------------------------------------------------------------------ statements

    def test_statements_list_shows_only_the_merchants_own(self):
        self.login(self.user_a)
        response = self.url_open("/my/stall/statements")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        rows = tree.xpath("//tr[contains(@class, 'o_stall_statement_row')]")
        self.assertEqual(len(rows), 1)
        self.assertIn(self.settlement_a.name, rows[0].text_content())
        self.assertIn("甜品档", rows[0].text_content())
        self.assertNotIn(self.settlement_b.name, response.text)
        self.assertNotIn("Noodle", response.text)

    def test_a_draft_settlement_is_not_shown_to_the_merchant(self):
        draft = self._settlement(self.stall_a, self.contract_a, 10.0, "SP-A-DRAFT")
        draft.state = "draft"
        self.login(self.user_a)
        response = self.url_open("/my/stall/statements")
        self.assertNotIn("SP-A-DRAFT", response.text)
        self.assertIn(self.settlement_a.name, response.text)
        for url in (f"/my/stall/statements/{draft.id}", f"/sports_stall/statement/{draft.id}/xlsx"):
            self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_statements_list_of_a_visitor_is_an_empty_state(self):
        self.login(self.user_c)
        response = self.url_open("/my/stall/statements")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_stall_no_statement", response.text)
        self.assertNotIn(self.settlement_a.name, response.text)
        self.assertNotIn(self.settlement_b.name, response.text)

    def test_statement_page_with_downloads(self):
        self.login(self.user_a)
        response = self.url_open(f"/my/stall/statements/{self.settlement_a.id}")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        self.assertEqual(
            tree.xpath("//a[contains(@class, 'o_stall_xlsx')]/@href"),
            [f"/sports_stall/statement/{self.settlement_a.id}/xlsx"],
        )
        self.assertTrue(tree.xpath("//a[contains(@class, 'o_stall_pdf')]"))
        self.assertIn("1,234.50", response.text)

    def test_merchant_cannot_open_another_merchants_statement(self):
        self.login(self.user_a)
        other = self.settlement_b.id
        for url in (
            f"/my/stall/statements/{other}",
            f"/my/stall/statements/{other}?report_type=pdf&download=true",
            f"/my/stall/statements/{other}?report_type=html",
            f"/sports_stall/statement/{other}/xlsx",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn("Noodle", response.text, url)
            self.assertFalse(response.content.startswith(XLSX_MAGIC), url)

    def test_visitor_cannot_download_any_statement(self):
        self.login(self.user_c)
        for settlement in self.settlement_a | self.settlement_b:
            response = self.url_open(f"/sports_stall/statement/{settlement.id}/xlsx")
            self.assertEqual(response.status_code, 404)

    def test_merchant_downloads_its_xlsx_with_days_and_totals(self):
        self.login(self.user_a)
        response = self.url_open(f"/sports_stall/statement/{self.settlement_a.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        rows = xlsx_rows(response.content)
        cells = [value for row in rows for value in row if value is not None]
        self.assertIn("甜品屋有限公司", cells)
        self.assertTrue(any("甜品档" in str(cell) for cell in cells))
        days = [row for row in rows if row[1] == "Stall food"]
        self.assertEqual([row[4] for row in days], [1000.0, 234.5], "one row per day, numbers")
        totals = {row[0]: row[4] for row in rows if row[0] and isinstance(row[4], (int, float))}
        self.assertEqual(totals["Total"], 1234.5)
        self.assertEqual(totals["Sales"], 1234.5)
        self.assertEqual(totals["Rent"], 500.0)
        self.assertEqual(totals["Due to Merchant"], self.settlement_a.net_amount)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        money_cell = next(c for row in sheet.iter_rows() for c in row if c.value == 234.5)
        self.assertIn("¥", money_cell.number_format)

    def test_merchant_prints_its_statement(self):
        self.login(self.user_a)
        response = self.url_open(
            f"/my/stall/statements/{self.settlement_a.id}?report_type=pdf&download=true"
        )
        self.assertEqual(response.status_code, 200)
        # Tests render reports as HTML (Odoo's test mode); the PDF itself is checked by
        # rendering it below with wkhtmltopdf.
        self.assertIn(self.settlement_a.name, response.text)
        self.assertIn("甜品档", response.text)

    def test_statement_pdf_renders_chinese_with_a_cjk_font(self):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sports_stall.action_report_stall_statement", self.settlement_a.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"CJK", pdf, "the Chinese names are drawn with a CJK font")

    def test_backend_rights_decide_the_xlsx_download(self):
        staff = new_test_user(
            self.env,
            login="stall_staff_user",
            password=PASSWORD,
            groups="sports_venue.group_arena_user",
            company_id=self.company.id,
        )
        self.login(staff)
        response = self.url_open(f"/sports_stall/statement/{self.settlement_a.id}/xlsx")
        self.assertEqual(response.status_code, 404, "venue staff cannot read settlements")
        manager = new_test_user(
            self.env,
            login="stall_manager_user",
            password=PASSWORD,
            groups="sports_venue.group_arena_manager",
            company_id=self.company.id,
        )
        self.login(manager)
        response = self.url_open(f"/sports_stall/statement/{self.settlement_b.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(XLSX_MAGIC))
        action = (
            self.env.ref("sports_stall.action_stall_statement_xlsx")
            .with_user(manager)
            .with_context(
                active_model="sports.stall.settlement",
                active_id=self.settlement_b.id,
                active_ids=self.settlement_b.ids,
            )
            .run()
        )
        self.assertEqual(action["url"], f"/sports_stall/statement/{self.settlement_b.id}/xlsx")

    # ------------------------------------------------------------------ sales

    def test_sales_page_shows_only_the_merchants_stall_without_customers(self):
        self.login(self.user_a)
        response = self.url_open("/my/stall/sales")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        rows = tree.xpath("//tr[contains(@class, 'o_stall_sales_row')]")
        self.assertEqual(len(rows), 1, "one day of one stall")
        self.assertIn("甜品档", rows[0].text_content())
        self.assertIn("88.00", rows[0].text_content())
        self.assertNotIn("Noodle", response.text)
        self.assertNotIn("66.60", response.text)
        self.assertNotIn("赵客人", response.text)

    def test_sales_page_of_a_visitor_shows_nothing(self):
        self.login(self.user_c)
        response = self.url_open("/my/stall/sales")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_stall_no_sales", response.text)
        self.assertNotIn("88.00", response.text)
        self.assertNotIn("66.60", response.text)

    def test_merchant_cannot_read_other_settlements_over_rpc(self):
        Settlement = self.env["sports.stall.settlement"].with_user(self.user_a)
        self.assertEqual(Settlement.search([]), self.settlement_a)
        Line = self.env["sports.stall.settlement.line"].with_user(self.user_a)
        self.assertEqual(Line.search([]).settlement_id, self.settlement_a)
