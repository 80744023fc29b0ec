import io
import json
import re
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_open
from odoo.tools.translate import extract_spreadsheet_terms

DASHBOARDS = {
    "manager": "sports_dashboard.spreadsheet_dashboard_venue_manager",
    "bureau": "sports_dashboard.spreadsheet_dashboard_bureau",
}


def field_name(spec):
    """``date:month`` -> ``date``."""
    return spec.split(":")[0]


@tagged("post_install", "-at_install")
class TestDashDashboards(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("zh_CN")
        Company = env["res.company"]
        cls.city = Company.create(
            {
                "name": "Dashboard City Bureau",
                "arena_role": "city",
                "region_id": env.ref("sports_venue.region_320100").id,
            }
        )
        cls.district = Company.create(
            {
                "name": "Dashboard District Bureau",
                "arena_role": "district",
                "bureau_parent_id": cls.city.id,
                "region_id": env.ref("sports_venue.region_320106").id,
            }
        )
        cls.operator = Company.create(
            {
                "name": "Dashboard Operator",
                "arena_role": "operator",
                "bureau_parent_id": cls.district.id,
                "region_id": env.ref("sports_venue.region_320106").id,
            }
        )
        cls.manager = new_test_user(
            env,
            login="dash_manager",
            groups="sports_venue.group_arena_manager",
            company_id=cls.operator.id,
            company_ids=[(6, 0, cls.operator.ids)],
            lang="zh_CN",
        )
        cls.bureau = new_test_user(
            env,
            login="dash_bureau",
            groups="sports_venue.group_sports_bureau",
            company_id=cls.city.id,
            company_ids=[(6, 0, cls.city.ids)],
            lang="zh_CN",
        )
        cls.users = {"manager": cls.manager, "bureau": cls.bureau}

    def snapshot(self, which):
        return json.loads(self.env.ref(DASHBOARDS[which]).spreadsheet_data)

    def data_sources(self, snapshot):
        """``(model, fields, domain, groupby)`` of every pivot, list and chart."""
        for pivot in snapshot["pivots"].values():
            groupby = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
            measures = [m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"]
            yield (
                "pivot",
                pivot["model"],
                measures,
                pivot["domain"],
                groupby,
                pivot["fieldMatching"],
            )
        for item in snapshot["lists"].values():
            order = [o["name"] for o in item["orderBy"]]
            yield (
                "list",
                item["model"],
                item["columns"] + order,
                item["domain"],
                [],
                item["fieldMatching"],
            )
        for sheet in snapshot["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"]["metaData"]
                measures = [meta["measure"]] if meta["measure"] != "__count" else []
                groupby = list(meta["groupBy"])
                yield (
                    "chart",
                    meta["resModel"],
                    measures,
                    figure["data"]["searchParams"]["domain"],
                    groupby,
                    figure["data"]["fieldMatching"],
                )

    def test_every_data_source_reads_existing_fields_with_the_users_rights(self):
        for which, user in self.users.items():
            snapshot = self.snapshot(which)
            sources = list(self.data_sources(snapshot))
            self.assertGreaterEqual(len(sources), 5, which)
            for kind, model, fields, domain, groupby, matching in sources:
                with self.subTest(dashboard=which, model=model):
                    self.assertIn(model, self.env, f"{which}: no model {model}")
                    Model = self.env[model].with_user(user)
                    chains = [m["chain"] for m in matching.values()]
                    for name in fields + [field_name(g) for g in groupby] + chains:
                        self.assertIn(name, Model._fields, f"{which}: {model}.{name}")
                    # What the spreadsheet asks: grouped sums, or the rows of a list.
                    if kind != "list":
                        aggregates = [
                            f"{name}:{Model._fields[name].aggregator or 'sum'}"
                            for name in fields
                            if Model._fields[name].type in ("integer", "float", "monetary")
                        ] or ["__count"]
                        Model.formatted_read_group(domain, groupby[:1], aggregates)
                    else:
                        Model.search_read(domain, fields, limit=10)

    def test_the_bureau_dashboard_reads_no_personal_model(self):
        models = {source[1] for source in self.data_sources(self.snapshot("bureau"))}
        self.assertFalse(
            models & {"sports.access.event", "sports.booking", "sports.card", "res.partner"}
        )

    def test_every_text_is_translatable(self):
        """Plain text in a cell would stay English for a zh_CN user: every label is a
        ``_t()`` formula (or a chart title), which Odoo's extractor collects."""
        expected = {
            "manager": {
                "Today",
                "Revenue by category",
                "Top products",
                "Open energy waste alerts",
                "Bookings per month",
                "Member cards issued per month",
                "Energy and water per visitor",
            },
            "bureau": {
                "Region totals",
                "Top venues",
                "Compliance warnings",
                "Visitors per 1,000 residents",
                "Entries per month",
            },
        }
        for which, titles in expected.items():
            path = f"sports_dashboard/data/files/{which}_dashboard.json"
            with file_open(path, "rb") as f:
                terms = {
                    term
                    for _line, _func, term, _c in extract_spreadsheet_terms(
                        io.BytesIO(f.read()), [], [], {}
                    )
                }
            self.assertLessEqual(titles, terms, which)
            for sheet in self.snapshot(which)["sheets"]:
                for ref, content in sheet["cells"].items():
                    self.assertTrue(
                        content.startswith("=") or not re.search(r"[A-Za-z]", content),
                        f"{which} {ref}: untranslatable text {content!r}",
                    )

    def test_each_user_sees_and_opens_only_their_dashboard_in_chinese(self):
        manager_dash = self.env.ref(DASHBOARDS["manager"])
        bureau_dash = self.env.ref(DASHBOARDS["bureau"])
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(manager_dash, Dashboard.with_user(self.manager).search([]))
        self.assertNotIn(bureau_dash, Dashboard.with_user(self.manager).search([]))
        self.assertIn(bureau_dash, Dashboard.with_user(self.bureau).search([]))
        self.assertNotIn(manager_dash, Dashboard.with_user(self.bureau).search([]))
        for which, user in self.users.items():
            dashboard = self.env.ref(DASHBOARDS[which])
            self.authenticate(user.login, user.login)
            response = self.url_open(f"/spreadsheet/dashboard/data/{dashboard.id}")
            self.assertEqual(response.status_code, 200, which)
            data = response.json()
            self.assertEqual(data["translation_namespace"], "sports_dashboard")
            self.assertEqual(data["snapshot"]["settings"]["locale"]["code"], "zh_CN")
            self.assertEqual(data["snapshot"]["pivots"], self.snapshot(which)["pivots"])
        # The manager may not open the bureau's.
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(f"/spreadsheet/dashboard/data/{bureau_dash.id}")
        self.assertNotEqual(response.status_code, 200)

    def test_live_flow_and_heatmap_views_count_today_and_booked_hours(self):
        env = self.env
        venue = env["sports.venue"].create(
            {"name": "Dash Arena", "code": "TDASH", "company_id": self.operator.id}
        )
        area = env["sports.area"].create({"name": "Hall", "venue_id": venue.id})
        space = env["sports.space"].create(
            {"name": "Court 1", "venue_id": venue.id, "area_id": area.id}
        )
        point = env["sports.access.point"].create(
            {"name": "Gate", "code": "TDASH-G", "area_id": area.id, "direction": "both"}
        )
        now = env.cr.now().replace(tzinfo=None)
        midnight = env["sports.access.event"]._local_midnight(venue)
        rows = []
        for n, (person, direction) in enumerate(
            [("p1", "in"), ("p2", "in"), ("p1", "out"), ("p1", "in"), ("p3", "in")]
        ):
            rows.append(
                {
                    "uuid": f"dash-{n}",
                    "point_id": point.id,
                    "area_id": area.id,
                    "venue_id": venue.id,
                    "company_id": self.operator.id,
                    "person_key": person,
                    "direction": direction,
                    "decision": "granted",
                    "device_time": max(midnight, now.replace(microsecond=0)),
                    "source": "online",
                }
            )
        # Yesterday's passage does not count today.
        rows.append({**rows[0], "uuid": "dash-old", "device_time": midnight - timedelta(hours=2)})
        env["sports.access.event"]._insert_rows(rows)
        live = (
            env["sports.dashboard.venue.live"]
            .with_user(self.manager)
            .search([("venue_id", "=", venue.id)])
        )
        self.assertEqual((live.visitors_today, live.entries_today, live.occupancy), (3, 4, 3))
        # A booking from 10:30 to 12:15 local: half of hour 10, all of 11, a quarter of 12.
        booking = env["sports.booking"].create(
            {
                "space_id": space.id,
                "partner_id": env["res.partner"].create({"name": "Chen Jie"}).id,
                "start_at": "2030-03-12 02:30:00",
                "end_at": "2030-03-12 04:15:00",
            }
        )
        cells = (
            env["sports.booking.heatmap"]
            .with_user(self.manager)
            .search([("booking_id", "=", booking.id)])
        )
        self.assertEqual(
            {(c.hour, c.booked_hours) for c in cells}, {(10, 0.5), (11, 1.0), (12, 0.25)}
        )
        self.assertEqual(set(cells.mapped("date")), {date(2030, 3, 12)})
        booking.action_cancel()
        self.assertFalse(env["sports.booking.heatmap"].search([("booking_id", "=", booking.id)]))
        # Live flow is for the venue's staff, not for bureaus.
        with self.assertRaises(AccessError):
            env["sports.dashboard.venue.live"].with_user(self.bureau).search([])
