"""A small bureau hierarchy with operators and venues, and daily statistics inserted in SQL,
shared by the compliance and roll-up tests (RULES)."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase
from odoo.tools import SQL

STAT_COLUMNS = (
    "venue_id",
    "company_id",
    "date",
    "region_id",
    "province_id",
    "city_id",
    "district_id",
    "is_open",
    "is_holiday",
    "open_hours",
    "public_benefit_hours",
    "outdoor_free_hours",
    "revenue_ticket",
    "revenue_total",
    "entries",
    "unique_visitors",
    "free_visitors",
    "student_visitors",
    "booking_count",
    "booked_hours",
    "energy_kwh",
    "water_m3",
)


def days(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(1)


class RulesCase(TransactionCase):
    """Province P1 > cities C1, C2 > districts D1 (C1), D2 (C1), D3 (C2); province P2 > C3 >
    D4. City bureau CB1 (C1) > district bureau DB1 (D1) > operator O1; city bureau CB2 (C2) >
    district bureau DB3 (D3) > operator O2; operator O3 has no bureau."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env["sports.region"]
        cls.p1 = Region.create({"code": "910000", "name": "P1", "level": "province"})
        cls.p2 = Region.create({"code": "920000", "name": "P2", "level": "province"})
        cls.c1, cls.c2, cls.c3 = Region.create(
            [
                {"code": "910100", "name": "C1", "level": "city", "parent_id": cls.p1.id},
                {"code": "910200", "name": "C2", "level": "city", "parent_id": cls.p1.id},
                {"code": "920100", "name": "C3", "level": "city", "parent_id": cls.p2.id},
            ]
        )
        cls.d1, cls.d2, cls.d3, cls.d4 = Region.create(
            [
                {"code": "910102", "name": "D1", "level": "district", "parent_id": cls.c1.id},
                {"code": "910104", "name": "D2", "level": "district", "parent_id": cls.c1.id},
                {"code": "910203", "name": "D3", "level": "district", "parent_id": cls.c2.id},
                {"code": "920102", "name": "D4", "level": "district", "parent_id": cls.c3.id},
            ]
        )
        Company = cls.env["res.company"]
        cls.cb1, cls.cb2 = Company.create(
            [
                {"name": "Rules City Bureau 1", "arena_role": "city", "region_id": cls.c1.id},
                {"name": "Rules City Bureau 2", "arena_role": "city", "region_id": cls.c2.id},
            ]
        )
        cls.db1, cls.db3 = Company.create(
            [
                {
                    "name": "Rules District Bureau 1",
                    "arena_role": "district",
                    "region_id": cls.d1.id,
                    "bureau_parent_id": cls.cb1.id,
                },
                {
                    "name": "Rules District Bureau 3",
                    "arena_role": "district",
                    "region_id": cls.d3.id,
                    "bureau_parent_id": cls.cb2.id,
                },
            ]
        )
        cls.o1, cls.o2, cls.o3 = Company.create(
            [
                {
                    "name": "Rules Operator 1",
                    "arena_role": "operator",
                    "bureau_parent_id": cls.db1.id,
                },
                {
                    "name": "Rules Operator 2",
                    "arena_role": "operator",
                    "bureau_parent_id": cls.db3.id,
                },
                {"name": "Rules Operator 3", "arena_role": "operator"},
            ]
        )
        cls.env.user.company_ids |= cls.cb1 | cls.cb2 | cls.db1 | cls.db3 | cls.o1 | cls.o2 | cls.o3

    @classmethod
    def _calendar(cls, company, name, hours=None):
        """A calendar open ``hours[weekday] = (from, to)``; every day 8-20 by default."""
        hours = hours or {weekday: (8.0, 20.0) for weekday in range(7)}
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "company_id": company.id,
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    Command.clear(),
                    *(
                        Command.create(
                            {
                                "name": f"{name} {weekday}",
                                "dayofweek": str(weekday),
                                "hour_from": start,
                                "hour_to": stop,
                            }
                        )
                        for weekday, (start, stop) in sorted(hours.items())
                    ),
                ],
            }
        )

    @classmethod
    def _venues(cls, vals_list):
        venues = cls.env["sports.venue"].create(vals_list)
        return venues

    @classmethod
    def _insert_stats(cls, rows):
        """Insert daily statistics: ``rows`` are dicts with ``venue`` and ``date`` and any
        of ``STAT_COLUMNS``; the company and region columns come from the venue."""
        tuples = []
        for row in rows:
            venue = row["venue"]
            region = venue.region_id
            district = region if region.level == "district" else region.browse()
            city = district.parent_id if district else region
            province = city.parent_id
            base = {
                "venue_id": venue.id,
                "company_id": venue.company_id.id,
                "region_id": region.id or None,
                "province_id": province.id or None,
                "city_id": city.id or None,
                "district_id": district.id or None,
                "is_open": True,
                "is_holiday": False,
                "open_hours": 0.0,
                "public_benefit_hours": 0.0,
                "outdoor_free_hours": 0.0,
                "revenue_ticket": 0.0,
                "revenue_total": 0.0,
                "entries": 0,
                "unique_visitors": 0,
                "free_visitors": 0,
                "student_visitors": 0,
                "booking_count": 0,
                "booked_hours": 0.0,
                "energy_kwh": 0.0,
                "water_m3": 0.0,
            }
            base.update({k: v for k, v in row.items() if k != "venue"})
            tuples.append(tuple(base[c] for c in STAT_COLUMNS))
        cls.env["sports.venue.stat"].flush_model()
        columns = SQL(", ").join(SQL.identifier(c) for c in STAT_COLUMNS)
        row_sql = "(" + ", ".join(["%s"] * len(STAT_COLUMNS)) + ", now(), now())"
        for start in range(0, len(tuples), 1000):
            values = SQL(", ").join(SQL(row_sql, *t) for t in tuples[start : start + 1000])
            cls.env.cr.execute(
                SQL(
                    "INSERT INTO sports_venue_stat (%s, create_date, write_date) VALUES %s",
                    columns,
                    values,
                )
            )
        cls.env.invalidate_all()

    @staticmethod
    def _year(year):
        return list(days(date(year, 1, 1), date(year, 12, 31)))
