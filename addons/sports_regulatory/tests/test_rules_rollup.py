from collections import defaultdict
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .rules_common import RulesCase, days

FIRST, LAST = date(2025, 1, 1), date(2025, 3, 31)
KEYS = (
    "entries",
    "unique_visitors",
    "open_hours",
    "free_visitors",
    "student_visitors",
    "booking_count",
    "booked_hours",
    "revenue_total",
    "energy_kwh",
    "water_m3",
)


@tagged("post_install", "-at_install")
class TestRulesRollup(RulesCase):
    """Five venues in four districts, two provinces and three operators, 90 days each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.v1, cls.v2, cls.v3, cls.v4, cls.v5 = cls.env["sports.venue"].create(
            [
                {"name": "R1", "code": "RR1", "company_id": cls.o1.id, "region_id": cls.d1.id},
                {"name": "R2", "code": "RR2", "company_id": cls.o1.id, "region_id": cls.d1.id},
                {"name": "R3", "code": "RR3", "company_id": cls.o2.id, "region_id": cls.d3.id},
                {"name": "R4", "code": "RR4", "company_id": cls.o3.id, "region_id": cls.d4.id},
                # A venue registered at city level: no district.
                {"name": "R5", "code": "RR5", "company_id": cls.o3.id, "region_id": cls.c3.id},
            ]
        )
        cls.venues = cls.v1 | cls.v2 | cls.v3 | cls.v4 | cls.v5
        rows = []
        for i, venue in enumerate(cls.venues, start=1):
            for day in days(FIRST, LAST):
                n = day.timetuple().tm_yday
                rows.append(
                    {
                        "venue": venue,
                        "date": day,
                        "entries": i * 100 + n,
                        "unique_visitors": i * 50 + n % 7,
                        "open_hours": 10 + i % 3,
                        "free_visitors": i + n % 5,
                        "student_visitors": n % 3,
                        "booking_count": i,
                        "booked_hours": 1.5 * i,
                        "revenue_total": 10.25 * i + n,
                        "energy_kwh": 3.5 * i,
                        "water_m3": 0.25 * i,
                    }
                )
        cls._insert_stats(rows)
        cls.expected = defaultdict(lambda: dict.fromkeys(KEYS, 0))
        for row in rows:
            for key in KEYS:
                cls.expected[row["venue"].id][key] += row[key]

    def _sum(self, venues, key):
        return sum(self.expected[v.id][key] for v in venues)

    def _total(self, rows, key):
        return sum(r[key] for r in rows)

    def test_levels_equal_the_sum_of_their_venues(self):
        Stat = self.env["sports.venue.stat"]
        venue_rows = Stat._rollup("venue", "month", FIRST, LAST, region=self.p1)
        self.assertEqual({r["venue_id"] for r in venue_rows}, set((self.v1 | self.v2 | self.v3).ids))
        for venue in self.v1 | self.v2 | self.v3:
            mine = [r for r in venue_rows if r["venue_id"] == venue.id]
            self.assertEqual(len(mine), 3)  # January, February, March
            self.assertEqual(mine[0]["region_code"], venue.region_id.code)
            for key in KEYS:
                self.assertAlmostEqual(self._total(mine, key), self.expected[venue.id][key], 2)
        # Province P1, cities C1 and C2, districts D1 and D3: each the sum of its venues.
        for level, region, venues in (
            ("province", self.p1, self.v1 | self.v2 | self.v3),
            ("city", self.c1, self.v1 | self.v2),
            ("city", self.c2, self.v3),
            ("district", self.d1, self.v1 | self.v2),
            ("district", self.d3, self.v3),
        ):
            rows = [
                r
                for r in Stat._rollup(level, "month", FIRST, LAST, region=self.p1)
                if r["region_id"] == region.id
            ]
            self.assertEqual(
                [r["period_start"] for r in rows],
                [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)],
            )
            self.assertEqual({r["venues"] for r in rows}, {len(venues)})
            self.assertEqual(rows[0]["region_code"], region.code)
            for key in KEYS:
                self.assertAlmostEqual(
                    self._total(rows, key),
                    self._sum(venues, key),
                    2,
                    f"{level} {region.name} {key}",
                )
        # Province P2 holds a venue without district: in the province and city, not in any
        # district.
        p2_city = Stat._rollup("city", "year", FIRST, LAST, region=self.p2)
        self.assertEqual([(r["region_id"], r["venues"]) for r in p2_city], [(self.c3.id, 2)])
        self.assertEqual(p2_city[0]["entries"], self._sum(self.v4 | self.v5, "entries"))
        p2_district = Stat._rollup("district", "year", FIRST, LAST, region=self.p2)
        self.assertEqual(
            sorted((r["region_id"] or 0, r["venues"]) for r in p2_district),
            [(0, 1), (self.d4.id, 1)],
        )

    def test_every_period_sums_to_the_same_total(self):
        Stat = self.env["sports.venue.stat"]
        totals = {}
        for period in ("day", "week", "month", "year"):
            rows = Stat._rollup("national", period, FIRST, LAST, region=self.p1)
            totals[period] = (
                len(rows),
                self._total(rows, "entries"),
                round(self._total(rows, "revenue_total"), 2),
            )
        expected = self._sum(self.v1 | self.v2 | self.v3, "entries")
        revenue = round(self._sum(self.v1 | self.v2 | self.v3, "revenue_total"), 2)
        self.assertEqual(totals["day"], (90, expected, revenue))
        self.assertEqual(totals["week"], (14, expected, revenue))  # ISO weeks from 30 Dec
        self.assertEqual(totals["month"], (3, expected, revenue))
        self.assertEqual(totals["year"], (1, expected, revenue))
        weeks = Stat._rollup("national", "week", FIRST, LAST, region=self.p1)
        self.assertEqual(weeks[0]["period_start"], date(2024, 12, 30))
        self.assertIsNone(weeks[0]["region_id"])

    def test_bureau_user_sums_only_its_subtree(self):
        bureau = self.env["res.users"].create(
            {
                "name": "Rules City Bureau User",
                "login": "rules.bureau.c1",
                "company_id": self.cb1.id,
                "company_ids": [(6, 0, self.cb1.ids)],
                "group_ids": [(6, 0, [self.env.ref("sports_venue.group_sports_bureau").id])],
            }
        )
        Stat = self.env["sports.venue.stat"].with_user(bureau)
        national = Stat._rollup("national", "year", FIRST, LAST)
        self.assertEqual(len(national), 1)
        self.assertEqual(national[0]["venues"], 2)
        self.assertEqual(national[0]["entries"], self._sum(self.v1 | self.v2, "entries"))
        cities = Stat._rollup("city", "month", FIRST, LAST)
        self.assertEqual({r["region_id"] for r in cities}, {self.c1.id})
        # The sibling city C2 is invisible, even when asked for by name.
        self.assertEqual(Stat._rollup("city", "month", FIRST, LAST, region=self.c2), [])
        # An operator's user sums its own venues only.
        operator = self.env["res.users"].create(
            {
                "name": "Rules Operator 2 User",
                "login": "rules.op2",
                "company_id": self.o2.id,
                "company_ids": [(6, 0, self.o2.ids)],
                "group_ids": [(6, 0, [self.env.ref("sports_venue.group_arena_user").id])],
            }
        )
        mine = (
            self.env["sports.venue.stat"]
            .with_user(operator)
            ._rollup("province", "year", FIRST, LAST)
        )
        self.assertEqual([(r["region_id"], r["venues"]) for r in mine], [(self.p1.id, 1)])
        self.assertEqual(mine[0]["entries"], self._sum(self.v3, "entries"))

    def test_bad_arguments_get_a_clear_message(self):
        Stat = self.env["sports.venue.stat"]
        with self.assertRaisesRegex(UserError, "Unknown roll-up level"):
            Stat._rollup("planet", "month", FIRST, LAST)
        with self.assertRaisesRegex(UserError, "Unknown roll-up period"):
            Stat._rollup("city", "fortnight", FIRST, LAST)
        with self.assertRaisesRegex(UserError, "end does not come before"):
            Stat._rollup("city", "month", LAST, FIRST)
