"""Issue 20: a bureau's reports are served on read-only cursors, which Odoo takes from the
read replica when it has one (``db_replica_host``): the roll-up over JSON-2 and the
subsidy download. In tests Odoo runs such a request in a READ ONLY transaction; a write
there fails and Odoo retries the request on a read/write cursor with a warning, so none
may be logged. (tests/test_read_replica_e2e.py serves them from a real replica.)"""

from odoo.tests import HttpCase, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2

from .bureau_common import DAY1, DAY2, BureauStatsCase


@tagged("post_install", "-at_install")
class TestReplicaReadonly(BureauStatsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # sudo: an API key is generated for the user as they would in their preferences.
        cls.key = (
            cls.env["res.users.apikeys"].with_user(cls.city_user).sudo()._generate(None, "t", None)
        )

    def rollup(self, **params):
        params.setdefault("context", {"allowed_company_ids": [self.city.id]})
        return post_json2(self, "sports.venue.stat", "rollup", self.key, **params)

    def test_rollup_over_json2_reads_only_and_matches_the_orm(self):
        self.assertTrue(getattr(type(self.env["sports.venue.stat"]).rollup, "_readonly", False))
        expected = (
            self.env["sports.venue.stat"]
            .with_user(self.city_user)
            .with_context(allowed_company_ids=[self.city.id])
            ._rollup("district", "month", DAY1, DAY2)
        )
        # Odoo warns "..., retrying with a read/write cursor" when a read-only request writes.
        with self.assertNoLogs("odoo.http", "WARNING"):
            status, rows = self.rollup(
                level="district", period="month", date_from="2025-03-01", date_to="2025-03-02"
            )
        self.assertEqual(status, 200, rows)
        by_code = {row["region_code"]: row for row in rows}
        self.assertEqual(
            {code: (row["venues"], row["entries"]) for code, row in by_code.items()},
            {row["region_code"]: (row["venues"], row["entries"]) for row in expected},
        )
        # Venues A and A2 in district A (400 + 100 + 200), venue B in district B, venue N
        # without a region; the row of 2024 lies outside the period.
        self.assertEqual(by_code[self.r_district_a.code]["entries"], 700)
        self.assertEqual(by_code[self.r_district_b.code]["entries"], 1000)
        self.assertEqual({row["period_start"] for row in rows}, {"2025-03-01"})

    def test_rollup_of_one_region(self):
        status, rows = self.rollup(
            level="venue",
            period="year",
            date_from="2025-01-01",
            date_to="2025-12-31",
            region_id=self.r_district_b.id,
        )
        self.assertEqual(status, 200, rows)
        self.assertEqual([(r["venue_id"], r["entries"]) for r in rows], [(self.venue_b.id, 1000)])

    def test_rollup_refuses_bad_input_with_a_message(self):
        good = {"level": "city", "period": "month", "date_from": "2025-01-01"}
        for params in (
            {**good, "level": "planet", "date_to": "2025-12-31"},
            {**good, "period": "fortnight", "date_to": "2025-12-31"},
            {**good, "date_to": "tomorrow"},
            {**good, "date_to": "2024-12-31"},
            {**good, "date_to": "2025-12-31", "region_id": 2**31 - 1},
        ):
            with self.subTest(params=params):
                status, body = self.rollup(**params)
                self.assertEqual(status, 422, body)
                self.assertTrue(body["message"])

    def test_subsidy_download_reads_only(self):
        wizard = (
            self.env["sports.regulatory.report"]
            .with_user(self.city_user)
            .create(
                {"company_id": self.city.id, "date_from": "2025-01-01", "date_to": "2025-12-31"}
            )
        )
        self.authenticate(self.city_user.login, self.city_user.login)
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self.url_open(f"/sports_regulatory/report/{wizard.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "an XLSX (zip) file")
