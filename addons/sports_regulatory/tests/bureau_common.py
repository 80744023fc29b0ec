"""A bureau tree with statistics of known numbers, inserted directly (not computed), for
the bureau access and report tests."""

from datetime import date

from odoo.tests import new_test_user

from odoo.addons.sports_venue.tests.common import ArenaVenueCase

# One statistics row: (venue attribute, day, values). Numbers chosen so that every
# column of the subsidy report differs.
DAY1, DAY2, OUTSIDE = date(2025, 3, 1), date(2025, 3, 2), date(2024, 12, 31)


def stat_values(open_hours, entries, **extra):
    values = {
        "is_open": open_hours > 0,
        "open_hours": open_hours,
        "public_benefit_hours": open_hours / 2,
        "entries": entries,
        "unique_visitors": entries // 2,
        "free_visitors": entries // 10,
        "low_fee_visitors": entries // 20,
        "student_visitors": entries // 25,
        "senior_visitors": entries // 50,
        "disabled_visitors": entries // 100,
        "event_count": 1 if entries else 0,
        "free_event_count": 1 if entries >= 200 else 0,
        "training_visitors": entries // 4,
    }
    values.update(extra)
    return values


class BureauStatsCase(ArenaVenueCase):
    """Operators A and A2 in district A (玄武区 320102), operator B in district B (鼓楼区
    320106), one city; a venue of operator A has no region code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.operator_a2 = Company.create(
            {
                "name": "T Operator A2",
                "arena_role": "operator",
                "bureau_parent_id": cls.district_a.id,
                "region_id": cls.r_district_a.id,
            }
        )
        Venue = cls.env["sports.venue"]
        cls.venue_a2 = Venue.create(
            {
                "name": "Venue A2",
                "code": "VA2",
                "company_id": cls.operator_a2.id,
                "region_id": cls.r_district_a.id,
            }
        )
        cls.venue_n = Venue.create(
            {"name": "Venue N", "code": "VN", "company_id": cls.operator_a.id}
        )
        rows = [
            (cls.venue_a, DAY1, stat_values(10, 400)),
            (cls.venue_a, DAY2, stat_values(8, 100)),
            (cls.venue_a, OUTSIDE, stat_values(12, 9000)),
            (cls.venue_a2, DAY1, stat_values(6, 200)),
            (cls.venue_b, DAY1, stat_values(12, 1000)),
            (cls.venue_b, DAY2, stat_values(0, 0)),
            (cls.venue_n, DAY1, stat_values(4, 50)),
        ]
        # The superuser inserts what the nightly computation would have stored.
        cls.stats = cls.env["sports.venue.stat"].create(
            [
                {
                    "venue_id": venue.id,
                    "company_id": venue.company_id.id,
                    "date": day,
                    "region_id": venue.region_id.id,
                    "district_id": venue.region_id.id,
                    "city_id": venue.region_id.parent_id.id,
                    **values,
                }
                for venue, day, values in rows
            ]
        )
        cls.compliance = cls.env["sports.compliance"].create(
            [
                {
                    "venue_id": cls.venue_a.id,
                    "company_id": cls.operator_a.id,
                    "region_id": cls.r_district_a.id,
                    "year": 2025,
                    "open_days": 320,
                    "min_weekly_hours": 36.0,
                    "weekly_hours_state": "ok",
                    "open_days_state": "breach",
                    "holiday_hours_state": "ok",
                    "outdoor_free_state": "ok",
                    "fitness_day_state": "warning",
                    "closure_notice_state": "ok",
                    "state": "breach",
                },
                {
                    "venue_id": cls.venue_b.id,
                    "company_id": cls.operator_b.id,
                    "region_id": cls.r_district_b.id,
                    "year": 2025,
                    "open_days": 340,
                    "weekly_hours_state": "ok",
                    "open_days_state": "ok",
                    "holiday_hours_state": "ok",
                    "outdoor_free_state": "ok",
                    "fitness_day_state": "ok",
                    "closure_notice_state": "ok",
                    "state": "ok",
                },
            ]
        )
        cls.city_user = cls._bureau_user("reg_bureau_city", cls.city)
        cls.district_user = cls._bureau_user("reg_bureau_a", cls.district_a)
        cls.manager_a = new_test_user(
            cls.env,
            login="reg_manager_a",
            groups="sports_venue.group_arena_manager",
            company_id=cls.operator_a.id,
            company_ids=[cls.operator_a.id],
        )
        cls.manager_a2 = new_test_user(
            cls.env,
            login="reg_manager_a2",
            groups="sports_venue.group_arena_manager",
            company_id=cls.operator_a2.id,
            company_ids=[cls.operator_a2.id],
        )

    def as_web(self, user):
        """``user``'s environment as the web client opens it: only the user's own company
        ticked in the company switcher."""
        return self.env(user=user, context={"allowed_company_ids": [user.company_id.id]})
