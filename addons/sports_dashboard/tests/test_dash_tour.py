import io

import openpyxl

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDashBureauTour(HttpCase):
    def test_city_bureau_opens_its_dashboard_and_exports_the_subsidy_xlsx(self):
        user = self.env.ref("sports_venue.user_bureau_nanjing", raise_if_not_found=False)
        if not user:
            self.skipTest("the demo's bureau users are not installed (no demo data)")
        # The tour finds the dashboard by its English name.
        user.lang = "en_US"
        Report = self.env["sports.regulatory.report"]
        before = Report.search([("create_uid", "=", user.id)])
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "sports_dashboard_bureau",
            login=user.login,
        )
        wizard = Report.search([("create_uid", "=", user.id)]) - before
        self.assertEqual(len(wizard), 1, "the tour saved one report wizard")
        self.assertEqual(wizard.company_id, self.env.ref("sports_venue.company_bureau_nanjing"))
        self.authenticate(user.login, user.login)
        response = self.url_open(f"/sports_regulatory/report/{wizard.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertTrue(book.worksheets[0].max_row > 1)
        # Another bureau user may not download it.
        self.authenticate("bureau.xuanwu", "bureau.xuanwu")
        response = self.url_open(f"/sports_regulatory/report/{wizard.id}/xlsx")
        self.assertEqual(response.status_code, 404)
