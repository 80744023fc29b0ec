from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_stats_compute import DAY, StatsCase


@tagged("post_install", "-at_install")
class TestStatsRecomputeWizard(StatsCase):
    def test_a_manager_recomputes_a_range_and_sees_the_rows(self):
        manager = new_test_user(
            self.env, "stats.manager", groups="sports_venue.group_arena_manager"
        )
        wizard = (
            self.env["sports.stat.recompute"]
            .with_user(manager)
            .create({"venue_ids": [(6, 0, self.venue.ids)], "date_from": DAY, "date_to": DAY})
        )
        action = wizard.action_recompute()
        stats = self.Stat.search(action["domain"])
        self.assertEqual(stats, self.stat)
        self.assertEqual(stats.entries, 13)

    def test_staff_may_not_recompute(self):
        staff = new_test_user(self.env, "stats.staff", groups="sports_venue.group_arena_user")
        wizard = self.env["sports.stat.recompute"].create(
            {"venue_ids": [(6, 0, self.venue.ids)], "date_from": DAY, "date_to": DAY}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(staff).action_recompute()
