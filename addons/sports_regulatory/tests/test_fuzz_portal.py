"""Issue 17, bad input on the subsidy report's download route: malformed or foreign ids
get a 404, never a crash, and nothing is written.

``COVERED_ROUTES`` is read by sports_venue's route coverage check."""

from urllib.parse import quote

from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.portal_fuzz import BAD_IDS, PortalFuzzCase

from .test_fuzz_uplink import COVERED_ROUTES as UPLINK_ROUTES

# The uplink receiver's route is fuzzed in test_fuzz_uplink.py.
COVERED_ROUTES = {"/sports_regulatory/report/<int:wizard_id>/xlsx", *UPLINK_ROUTES}
OWNER, OTHER = "reg_fuzz_owner", "reg_fuzz_other"


@tagged("post_install", "-at_install")
class TestFuzzSubsidyReport(PortalFuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        for login in (OWNER, OTHER):
            new_test_user(
                cls.env,
                login=login,
                password=f"{login}-Pass-1",
                groups="sports_venue.group_arena_user",
                company_id=company.id,
                company_ids=[company.id],
            )
        owner = cls.env["res.users"].search([("login", "=", OWNER)])
        cls.wizard = (
            cls.env["sports.regulatory.report"]
            .with_user(owner)
            .create({"company_id": company.id, "date_from": "2025-01-01", "date_to": "2025-01-31"})
        )
        cls.portal = new_test_user(
            cls.env,
            login="reg_fuzz_portal",
            password="reg_fuzz_portal-Pass-1",
            groups="base.group_portal",
        )

    def test_malformed_and_foreign_ids_get_a_404(self):
        self.authenticate(OTHER, f"{OTHER}-Pass-1")
        before = self.fingerprint()
        # Values with a NUL byte never reach the route: Odoo's own 404 handling answers them.
        values = [v for v in BAD_IDS if "\x00" not in v and len(v) < 1000]
        for value in [str(self.wizard.id), *values, "-5", "00"]:
            with self.subTest(value=value[:20]):
                response = self.url_open(f"/sports_regulatory/report/{quote(value, safe='')}/xlsx")
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.fingerprint(), before, "nothing written")

    def test_post_and_portal_users_are_refused(self):
        self.authenticate(OWNER, f"{OWNER}-Pass-1")
        response = self.url_open(
            f"/sports_regulatory/report/{self.wizard.id}/xlsx", data={"x": "1"}
        )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(
            self.url_open(f"/sports_regulatory/report/{self.wizard.id}/xlsx").status_code, 200
        )
        self.authenticate("reg_fuzz_portal", "reg_fuzz_portal-Pass-1")
        self.assertEqual(
            self.url_open(f"/sports_regulatory/report/{self.wizard.id}/xlsx").status_code, 404
        )
