from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


def open_every_day(env, name, hour_from, hour_to, company=None):
    """A Shanghai calendar open from ``hour_from`` to ``hour_to`` on all seven days."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": DEFAULT_TZ,
            "company_id": (company or env.company).id,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"d{d}",
                        "dayofweek": str(d),
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                        "day_period": "full_day",
                    }
                )
                for d in range(7)
            ],
        }
    )


class ArenaVenueCase(TransactionCase):
    """A bureau tree with two districts and an operator under each, built in the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        region = cls.env["sports.region"]
        cls.r_province = region.search([("code", "=", "320000")])
        cls.r_city = region.search([("code", "=", "320100")])
        cls.r_district_a = region.search([("code", "=", "320102")])
        cls.r_district_b = region.search([("code", "=", "320106")])
        cls.national = Company.create({"name": "T National", "arena_role": "national"})
        cls.province = Company.create(
            {
                "name": "T Province",
                "arena_role": "province",
                "bureau_parent_id": cls.national.id,
                "region_id": cls.r_province.id,
            }
        )
        cls.city = Company.create(
            {
                "name": "T City",
                "arena_role": "city",
                "bureau_parent_id": cls.province.id,
                "region_id": cls.r_city.id,
            }
        )
        cls.district_a = Company.create(
            {
                "name": "T District A",
                "arena_role": "district",
                "bureau_parent_id": cls.city.id,
                "region_id": cls.r_district_a.id,
            }
        )
        cls.district_b = Company.create(
            {
                "name": "T District B",
                "arena_role": "district",
                "bureau_parent_id": cls.city.id,
                "region_id": cls.r_district_b.id,
            }
        )
        cls.operator_a = Company.create(
            {
                "name": "T Operator A",
                "arena_role": "operator",
                "bureau_parent_id": cls.district_a.id,
                "region_id": cls.r_district_a.id,
            }
        )
        cls.operator_b = Company.create(
            {
                "name": "T Operator B",
                "arena_role": "operator",
                "bureau_parent_id": cls.district_b.id,
                "region_id": cls.r_district_b.id,
            }
        )
        Venue = cls.env["sports.venue"]
        cls.venue_a = Venue.create(
            {
                "name": "Venue A",
                "code": "VA",
                "company_id": cls.operator_a.id,
                "region_id": cls.r_district_a.id,
            }
        )
        cls.venue_b = Venue.create(
            {
                "name": "Venue B",
                "code": "VB",
                "company_id": cls.operator_b.id,
                "region_id": cls.r_district_b.id,
            }
        )
        cls.basketball = cls.env.ref("sports_venue.sport_basketball")

    @classmethod
    def _space(cls, name, venue=None, **vals):
        return cls.env["sports.space"].create(
            {"name": name, "venue_id": (venue or cls.venue_a).id, **vals}
        )

    @classmethod
    def _bureau_user(cls, login, company):
        return new_test_user(
            cls.env,
            login=login,
            groups="sports_venue.group_sports_bureau",
            company_id=company.id,
            company_ids=[company.id],
        )
