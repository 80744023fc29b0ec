from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2


@tagged("post_install", "-at_install")
class TestCoreContractsHttp(HttpCase):
    """Bad contracts sent over JSON-2 get a clear 4xx, never a 500 nor a traceback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        cls.manager = new_test_user(
            cls.env,
            "stall_http_manager",
            groups="sports_venue.group_arena_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        # sudo: an API key is generated for the user as they would in their preferences.
        cls.key = (
            cls.env["res.users.apikeys"].with_user(cls.manager).sudo()._generate(None, "t", None)
        )
        venue = cls.env["sports.venue"].create(
            {"name": "HTTP Court", "code": "TSHC", "company_id": company.id}
        )
        cls.stall = cls.env["sports.stall"].create({"name": "Bao Bar", "venue_id": venue.id})
        cls.merchant = cls.env["res.partner"].create({"name": "Bao Merchant", "is_company": True})
        cls.env["sports.stall.contract"].create(
            {"stall_id": cls.stall.id, "partner_id": cls.merchant.id, "date_start": "2026-01-01"}
        )

    def post_contract(self, **vals):
        values = {"stall_id": self.stall.id, "partner_id": self.merchant.id, **vals}
        return post_json2(self, "sports.stall.contract", "create", self.key, vals_list=[values])

    def test_bad_contracts_get_a_clear_4xx(self):
        cases = [
            ({"date_start": "2026-05-01"}, "already has contract"),
            (
                {"date_start": "2020-01-01", "date_end": "2020-12-31", "rent_amount": -5},
                "cannot be negative",
            ),
            (
                {"date_start": "2020-01-01", "date_end": "2020-12-31", "commission_rate": -1},
                "between 0% and 100%",
            ),
        ]
        for vals, message in cases:
            status, body = self.post_contract(**vals)
            self.assertEqual(status, 422, body)
            self.assertIn(message, body["message"])
            self.assertNotIn("psycopg2", str(body))
        status, body = post_json2(
            self,
            "sports.stall.contract",
            "action_activate",
            self.key,
            ids=self.stall.contract_ids.ids,
        )
        self.assertEqual(status, 422, body)
        self.assertIn("Bao Merchant has no bank account", body["message"])
        self.assertEqual(self.stall.contract_ids.state, "draft")
