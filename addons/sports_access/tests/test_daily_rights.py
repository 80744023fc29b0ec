from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_venue.tests.common import ArenaVenueCase


@tagged("post_install", "-at_install")
class TestDailyRecomputeRights(ArenaVenueCase):
    """Recomputing the daily statistics writes them: it needs the write right (issue 12, 4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        area = cls.env["sports.area"].create({"name": "Hall A", "venue_id": cls.venue_a.id})
        cls.point = cls.env["sports.access.point"].create(
            {"name": "A", "code": "a-in", "area_id": area.id}
        )
        cls.day = date(2026, 11, 25)
        cls.Event = cls.env["sports.access.event"]
        cls._passages(2)
        cls.stats = cls.env["sports.access.daily"]._compute_days(cls.day, cls.day, cls.venue_a)
        # A passage the statistics do not count yet: a recompute would change the row.
        cls._passages(1, first=2)
        cls.env.flush_all()
        cls.bureau = cls._bureau_user("daily_bureau_a", cls.district_a)
        cls.staff = new_test_user(
            cls.env,
            "daily_staff_a",
            groups="sports_venue.group_arena_user",
            company_id=cls.operator_a.id,
            company_ids=[cls.operator_a.id],
        )
        cls.manager = new_test_user(
            cls.env,
            "daily_manager_a",
            groups="sports_venue.group_arena_manager",
            company_id=cls.operator_a.id,
            company_ids=[cls.operator_a.id],
        )

    @classmethod
    def _passages(cls, count, first=0):
        cls.Event._insert_rows(
            [
                {
                    "uuid": f"00000000-0000-4000-8000-{cls.point.id:06d}{n:06d}",
                    "point_id": cls.point.id,
                    "area_id": cls.point.area_id.id,
                    "venue_id": cls.venue_a.id,
                    "company_id": cls.operator_a.id,
                    "person_key": f"p{n}",
                    "direction": "in",
                    "decision": "granted",
                    "device_time": "2026-11-25 02:00:00",
                    "source": "offline",
                }
                for n in range(first, first + count)
            ]
        )

    def _row(self):
        self.env.cr.execute(
            "SELECT entries, write_uid, write_date FROM sports_access_daily WHERE id = %s",
            [self.stats.id],
        )
        return self.env.cr.fetchone()

    def test_read_only_users_cannot_recompute(self):
        before = self._row()
        self.assertEqual(before[0], 2)
        for user in (self.bureau, self.staff):
            with self.subTest(user=user.login):
                stats = self.env["sports.access.daily"].with_user(user).browse(self.stats.ids)
                if user == self.staff:
                    # Staff read the row: the refusal is about writing, not about reading.
                    self.assertEqual(stats.entries, 2)
                # A bureau reads no daily rows at all any more (issue 17: aggregates only,
                # from sports_regulatory), so it is refused before anything.
                with self.assertRaises(AccessError):
                    stats.action_recompute()
                self.assertEqual(self._row(), before, "nothing written")

    def test_manager_recomputes(self):
        stats = self.env["sports.access.daily"].with_user(self.manager).browse(self.stats.ids)
        self.assertTrue(stats.action_recompute())
        self.assertEqual(self._row()[:2], (3, self.manager.id))
