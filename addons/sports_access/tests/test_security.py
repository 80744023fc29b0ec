from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.common import ArenaVenueCase


@tagged("post_install", "-at_install")
class TestAccessSecurity(ArenaVenueCase):
    """Bureaus read the passenger flow of the operators below them, and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_a = cls.env["sports.area"].create({"name": "Hall A", "venue_id": cls.venue_a.id})
        cls.area_b = cls.env["sports.area"].create({"name": "Hall B", "venue_id": cls.venue_b.id})
        Point = cls.env["sports.access.point"]
        cls.point_a = Point.create({"name": "A", "code": "a-in", "area_id": cls.area_a.id})
        cls.point_b = Point.create({"name": "B", "code": "b-in", "area_id": cls.area_b.id})
        day = date(2026, 11, 25)
        Event = cls.env["sports.access.event"]
        for point, count in ((cls.point_a, 3), (cls.point_b, 2)):
            Event._insert_rows(
                [
                    {
                        "uuid": f"00000000-0000-4000-8000-{point.id:06d}{n:06d}",
                        "point_id": point.id,
                        "area_id": point.area_id.id,
                        "venue_id": point.venue_id.id,
                        "company_id": point.company_id.id,
                        "person_key": f"p{n}",
                        "direction": "in",
                        "decision": "granted",
                        "device_time": "2026-11-25 02:00:00",
                        "source": "offline",
                    }
                    for n in range(count)
                ]
            )
        cls.stats = cls.env["sports.access.daily"]._compute_days(
            day, day, cls.venue_a | cls.venue_b
        )
        cls.district_user = cls._bureau_user("acc_bureau_a", cls.district_a)
        cls.city_user = cls._bureau_user("acc_bureau_city", cls.city)

    def test_bureau_reads_no_access_log_nor_daily_rows(self):
        # Issue 17: bureaus see aggregates only (sports_regulatory's statistics); the
        # access log and the per-venue daily rows are refused, not merely hidden.
        for user in (self.city_user, self.district_user):
            env = self.env(user=user)
            for model in ("sports.access.daily", "sports.access.event"):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    env[model].search([("id", "in", self.stats.ids)])
            with self.assertRaises(AccessError):
                env["sports.access.daily"].browse(self.stats.ids).read(["entries"])

    def test_district_bureau_writes_nothing(self):
        env = self.env(user=self.district_user)
        with self.assertRaises(AccessError):
            env["sports.access.daily"].browse(self.stats.ids).write({"entries": 99})
        with self.assertRaises(AccessError):
            env["sports.access.point"].browse(self.point_a.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            env["sports.access.api"].sync()
        with self.assertRaises(AccessError):
            env["sports.access.event"].browse(
                self.env["sports.access.event"].search([("point_id", "=", self.point_b.id)]).ids
            ).read(["uuid"])

    def test_staff_cannot_forge_events_or_entitlements(self):
        staff = new_test_user(
            self.env,
            "acc_staff_a",
            groups="sports_venue.group_arena_user",
            company_id=self.operator_a.id,
            company_ids=[self.operator_a.id],
        )
        env = self.env(user=staff)
        Event = env["sports.access.event"]
        with self.assertRaises(AccessError):
            Event.check_access("create")
        # Nobody has the create right: neither the ORM nor the bulk insert writes the log
        # for staff; only the access API's _record does, after checking its caller.
        with self.assertRaises(AccessError):
            Event.create({"uuid": "x"})
        with self.assertRaises(AccessError):
            Event._insert_rows(
                [
                    {
                        "uuid": "00000000-0000-4000-8000-999999999999",
                        "point_id": self.point_a.id,
                        "direction": "in",
                        "decision": "granted",
                        "device_time": "2026-11-25 02:00:00",
                        "source": "offline",
                    }
                ]
            )
        with self.assertRaises(AccessError):
            env["sports.access.entitlement"].create({"name": "free", "kind": "ticket"})
        with self.assertRaises(AccessError):
            env["sports.access.credential"].create({"kind": "uid", "value": "X"})
