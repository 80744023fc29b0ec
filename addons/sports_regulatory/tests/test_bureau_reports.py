"""Issue 17, reports: the subsidy application as XLSX (opened with openpyxl and checked
cell by cell), the same as a QWeb PDF, its download route, and the yearly venue
self-report."""

import io

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from ..tools.subsidy_xlsx import subsidy_xlsx
from .bureau_common import BureauStatsCase

# Columns of the numbers, from C (open days) to N (training), in the report's order.
NUMBER_COLUMNS = "CDEFGHIJKLMN"


@tagged("post_install", "-at_install")
class TestSubsidyReport(BureauStatsCase, HttpCase):
    def wizard(self, user, company=None, **vals):
        return (
            self.env["sports.regulatory.report"]
            .with_user(user)
            .create(
                {
                    "company_id": (company or user.company_id).id,
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                    **vals,
                }
            )
        )

    def sheet(self, wizard):
        book = openpyxl.load_workbook(io.BytesIO(subsidy_xlsx(wizard)))
        return book.active

    def numbers(self, sheet, row):
        return [sheet[f"{col}{row}"].value for col in NUMBER_COLUMNS]

    def test_city_bureau_xlsx_cell_by_cell(self):
        sheet = self.sheet(self.wizard(self.city_user))
        self.assertIn("T City", sheet["A1"].value)
        self.assertEqual(sheet["B2"].value, "2025-01-01 – 2025-12-31")
        self.assertEqual(
            [sheet[f"{c}4"].value for c in "ABCDF"],
            ["Venue", "Region Code", "Open Days", "Open Hours", "Visitors (人次)"],
        )
        self.assertEqual(sheet["O4"].value, "35 h a Week")
        self.assertEqual(sheet["T4"].value, "Closures Announced 7 Days Ahead")
        district_a, district_b = self.r_district_a.name, self.r_district_b.name
        city = self.r_city.name
        expected = [
            # A, B, C..N (open days, open h, public-benefit h, visitors, free, low-fee,
            # students, seniors, disabled, events, free events, training)
            ("Venue A", "320102", [2, 18, 9, 500, 50, 25, 20, 10, 5, 2, 1, 125]),
            ("Venue A2", "320102", [1, 6, 3, 200, 20, 10, 8, 4, 2, 1, 1, 50]),
            (f"Subtotal {district_a}", "320102", [3, 24, 12, 700, 70, 35, 28, 14, 7, 3, 2, 175]),
            ("Venue B", "320106", [1, 12, 6, 1000, 100, 50, 40, 20, 10, 1, 1, 250]),
            (f"Subtotal {district_b}", "320106", [1, 12, 6, 1000, 100, 50, 40, 20, 10, 1, 1, 250]),
            (f"Subtotal {city}", "320100", [4, 36, 18, 1700, 170, 85, 68, 34, 17, 4, 3, 425]),
            ("Venue N", None, [1, 4, 2, 50, 5, 2, 2, 1, 0, 1, 0, 12]),
            ("Subtotal: no district", None, [1, 4, 2, 50, 5, 2, 2, 1, 0, 1, 0, 12]),
            ("Subtotal: no city", None, [1, 4, 2, 50, 5, 2, 2, 1, 0, 1, 0, 12]),
            ("Total", None, [5, 40, 20, 1750, 175, 87, 70, 35, 17, 5, 3, 437]),
        ]
        for offset, (label, code, numbers) in enumerate(expected):
            row = 5 + offset
            with self.subTest(row=row, label=label):
                self.assertEqual(sheet[f"A{row}"].value, label)
                self.assertEqual(sheet[f"B{row}"].value or None, code)
                self.assertEqual(self.numbers(sheet, row), numbers)
        # Compliance flags of 2025: venue A missed the 330 days and is at risk on 8 August.
        self.assertEqual(
            [sheet[f"{c}5"].value for c in "OPQRST"],
            ["Met", "Missed", "Met", "Met", "At risk", "Met"],
        )
        self.assertEqual([sheet[f"{c}8"].value for c in "OPQRST"], ["Met"] * 6)
        self.assertIn(sheet["O6"].value, (None, ""), "no compliance row for venue A2")
        self.assertIsNone(sheet["A15"].value)
        self.assertIn("Venue N", sheet["A16"].value)
        self.assertIn("region code", sheet["A16"].value)

    def test_operator_reports_its_own_venues_only(self):
        sheet = self.sheet(self.wizard(self.manager_a))
        venues = [sheet[f"A{row}"].value for row in range(5, sheet.max_row + 1)]
        self.assertIn("Venue A", venues)
        self.assertIn("Venue N", venues)
        self.assertNotIn("Venue A2", venues)
        self.assertNotIn("Venue B", venues)
        total_row = venues.index("Total") + 5
        self.assertEqual(sheet[f"F{total_row}"].value, 550)

    def test_a_company_outside_the_users_is_refused(self):
        with self.assertRaises(ValidationError):
            self.wizard(self.district_user, company=self.city)
        with self.assertRaises(ValidationError):
            self.wizard(self.manager_a, company=self.operator_a2)
        with self.assertRaises(ValidationError):
            self.wizard(self.city_user, date_from="2025-12-31", date_to="2025-01-01")

    def test_wizard_warns_of_venues_without_a_region(self):
        self.assertIn("Venue N", self.wizard(self.city_user).missing_region_warning)
        self.assertFalse(self.wizard(self.manager_a2).missing_region_warning)

    def test_pdf_has_the_same_rows(self):
        wizard = self.wizard(self.city_user)
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "sports_regulatory.report_subsidy")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.city_user)
            ._render_qweb_html("sports_regulatory.sports_regulatory_report_pdf", wizard.ids)[0]
            .decode()
        )
        for text in (
            "Venue A2",
            f"Subtotal {self.r_district_a.name}",
            f"Subtotal {self.r_city.name}",
            "Missed",
            ">1750<",
            ">437<",
            "Venue N",
        ):
            self.assertIn(text, html)

    def test_download_route_serves_the_owner_only(self):
        wizard = self.wizard(self.city_user)
        action = wizard.action_export_xlsx()
        self.assertEqual(action["url"], f"/sports_regulatory/report/{wizard.id}/xlsx")
        self.authenticate(self.city_user.login, self.city_user.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A14"].value, "Total")
        self.assertEqual(sheet["F14"].value, 1750)
        self.authenticate(self.district_user.login, self.district_user.login)
        self.assertEqual(self.url_open(action["url"]).status_code, 404)
        self.assertEqual(self.url_open("/sports_regulatory/report/999999999/xlsx").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(action["url"], allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestSelfReport(BureauStatsCase):
    def render(self, user, venues, year):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(
                "sports_regulatory.sports_venue_self_report_pdf", venues.ids, data={"year": year}
            )[0]
            .decode()
        )

    def test_self_report_of_a_venue_and_year(self):
        html = self.render(self.city_user, self.venue_a, 2025)
        self.assertIn("Venue A", html)
        self.assertIn("320102", html)
        # 2025: two open days, 18 h, 500 visitors, 125 in training, 330 days missed.
        for text in (">2<", ">18.0<", ">500<", ">125<", ">20<", "Missed", "At risk", ">320<"):
            self.assertIn(text, html)
        self.assertNotIn(">9000<", html, "a day of 2024 is not counted")

    def test_self_report_without_compliance_says_so(self):
        html = self.render(self.district_user, self.venue_a2, 2025)
        self.assertIn("Compliance has not been computed", html)
        self.assertIn(">200<", html)

    def test_buttons_print_the_year_of_the_row(self):
        action = self.compliance[0].with_user(self.city_user).action_print_self_report()
        self.assertEqual(action["report_name"], "sports_regulatory.report_venue_self_report")
        self.assertEqual(action["data"]["year"], 2025)
        venue = self.venue_a.with_user(self.city_user)
        self.assertEqual(venue.action_print_sports_self_report()["data"]["year"], 2025)

    def test_a_bad_year_is_refused_with_a_message(self):
        with self.assertRaises(UserError):
            self.render(self.city_user, self.venue_a, "abc")
        with self.assertRaises(UserError):
            self.render(self.city_user, self.venue_a, 99999)

    def test_sibling_venue_self_report_is_refused(self):
        with self.assertRaises(AccessError):
            self.render(self.district_user, self.venue_b, 2025)
