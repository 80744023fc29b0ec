"""Issue 17, bureau access over JSON-2 (real HTTP, a bureau's API key): the statistics
of every venue below the bureau come back with only the bureau ticked, and the models
that carry people are refused, not merely hidden in the menus."""

from odoo.tests import HttpCase, tagged

from odoo.addons.sports_venue.tests.json2 import post_json2

from .bureau_common import BureauStatsCase
from .test_bureau_access import PERSONAL_MODELS


@tagged("post_install", "-at_install")
class TestBureauJson2(BureauStatsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # sudo: an API key is generated for the user as they would in their preferences.
        cls.key = (
            cls.env["res.users.apikeys"].with_user(cls.city_user).sudo()._generate(None, "t", None)
        )
        cls.customer = cls.env["res.partner"].create({"name": "李四", "phone": "13900139000"})

    def call(self, model, method, **params):
        params.setdefault("context", {"allowed_company_ids": [self.city.id]})
        return post_json2(self, model, method, self.key, **params)

    def assertRefused(self, status, body, what):
        self.assertEqual(status, 403, f"{what}: {body}")
        self.assertEqual(body["name"], "odoo.exceptions.AccessError", what)

    def test_statistics_of_every_venue_below_come_back(self):
        status, rows = self.call(
            "sports.venue.stat",
            "search_read",
            domain=[("id", "in", self.stats.ids)],
            fields=["venue_id", "entries"],
        )
        self.assertEqual(status, 200, rows)
        self.assertEqual(len(rows), len(self.stats))
        self.assertEqual(sum(r["entries"] for r in rows), sum(self.stats.mapped("entries")))
        status, venues = self.call(
            "sports.venue", "search_read", domain=[("id", "=", self.venue_b.id)], fields=["name"]
        )
        self.assertEqual((status, [v["name"] for v in venues]), (200, ["Venue B"]))

    def test_personal_models_are_refused(self):
        for model in PERSONAL_MODELS:
            if model in self.env:
                with self.subTest(model=model):
                    status, body = self.call(model, "search_read", domain=[], fields=["id"])
                    self.assertRefused(status, body, model)
        # Customers are filtered out; their fields cannot be read by id either.
        status, rows = self.call(
            "res.partner", "search_read", domain=[("id", "=", self.customer.id)], fields=["name"]
        )
        self.assertEqual((status, rows), (200, []))
        status, body = self.call("res.partner", "read", ids=self.customer.ids, fields=["phone"])
        self.assertRefused(status, body, "customer by id")

    def test_writes_are_refused(self):
        stat = self.stats[:1]
        status, body = self.call("sports.venue.stat", "write", ids=stat.ids, vals={"entries": 1})
        self.assertRefused(status, body, "write a statistics row")
        status, body = self.call(
            "sports.venue.stat",
            "create",
            vals_list=[
                {
                    "venue_id": self.venue_a.id,
                    "company_id": self.operator_a.id,
                    "date": "2025-05-01",
                }
            ],
        )
        self.assertRefused(status, body, "create a statistics row")
        status, body = self.call("sports.venue", "write", ids=self.venue_a.ids, vals={"name": "x"})
        self.assertRefused(status, body, "rename a venue")
        self.assertEqual(stat.entries, 400)
        self.assertEqual(self.venue_a.name, "Venue A")

    def test_sibling_district_is_refused_over_json2(self):
        # sudo: an API key is generated for the user as they would in their preferences.
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.district_user)
            .sudo()
            ._generate(None, "t", None)
        )
        context = {"allowed_company_ids": [self.district_a.id]}
        status, rows = post_json2(
            self,
            "sports.venue.stat",
            "search_read",
            key,
            domain=[("id", "in", self.stats.ids)],
            fields=["venue_id"],
            context=context,
        )
        self.assertEqual(status, 200, rows)
        self.assertNotIn(self.venue_b.id, {r["venue_id"][0] for r in rows})
        status, body = post_json2(
            self,
            "sports.venue",
            "read",
            key,
            ids=self.venue_b.ids,
            fields=["name"],
            context=context,
        )
        self.assertRefused(status, body, "sibling venue")
