from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestVenueTour(HttpCase):
    def test_manager_creates_venue_with_full_and_half_court(self):
        manager = self.env["res.users"].create(
            {
                "name": "Tour Manager",
                "login": "tour_manager",
                "password": "tour_manager",
                "group_ids": [(6, 0, [self.env.ref("sports_venue.group_arena_manager").id])],
            }
        )
        self.start_tour(
            "/odoo/action-sports_venue.sports_venue_action",
            "sports_venue_create_venue",
            login=manager.login,
        )
        venue = self.env["sports.venue"].search([("code", "=", "TOUR")])
        self.assertEqual(venue.name, "Tour Sports Hall")
        full = venue.space_ids.filtered(lambda s: s.name == "Tour Full Court")
        half = venue.space_ids.filtered(lambda s: s.name == "Tour Half Court")
        self.assertTrue(full and half)
        self.assertEqual(full.component_ids, half)
        self.assertEqual(full.unit_ids, half)
        self.assertIn(full, half._conflicting_spaces())
