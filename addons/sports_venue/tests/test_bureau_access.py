from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ArenaVenueCase


@tagged("post_install", "-at_install")
class TestBureauAccess(ArenaVenueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.space_a = cls._space("Court A")
        cls.space_b = cls._space("Court B", venue=cls.venue_b)
        cls.device_a = cls.env["sports.device"].create(
            {
                "name": "Gate A",
                "identifier": "gate-a",
                "kind": "gate",
                "venue_id": cls.venue_a.id,
            }
        )
        cls.district_user = cls._bureau_user("bureau_a", cls.district_a)
        cls.city_user = cls._bureau_user("bureau_city", cls.city)

    def test_bureau_user_is_allowed_exactly_its_subtree(self):
        self.assertEqual(self.district_user.company_ids, self.district_a | self.operator_a)
        self.assertEqual(
            self.city_user.company_ids,
            self.city | self.district_a | self.district_b | self.operator_a | self.operator_b,
        )

    def test_new_subordinate_is_granted_to_ancestor_bureau_users(self):
        op = self.env["res.company"].create(
            {
                "name": "T Operator A2",
                "arena_role": "operator",
                "bureau_parent_id": self.district_a.id,
            }
        )
        self.assertIn(op, self.district_user.company_ids)
        self.assertIn(op, self.city_user.company_ids)

    def test_moving_an_operator_moves_the_access(self):
        self.operator_a.write(
            {"bureau_parent_id": self.district_b.id, "region_id": self.r_district_b.id}
        )
        self.assertNotIn(self.operator_a, self.district_user.company_ids)
        self.assertIn(self.operator_a, self.city_user.company_ids)
        other = self._bureau_user("bureau_b", self.district_b)
        self.assertEqual(other.company_ids, self.district_b | self.operator_b | self.operator_a)

    def test_user_added_from_the_group_form_gets_the_subtree(self):
        user = self.env["res.users"].create(
            {
                "name": "Late joiner",
                "login": "late_joiner",
                "company_id": self.district_a.id,
                "company_ids": [(6, 0, self.district_a.ids)],
            }
        )
        self.env.ref("sports_venue.group_sports_bureau").write({"user_ids": [(4, user.id)]})
        self.assertEqual(user.company_ids, self.district_a | self.operator_a)

    def test_district_bureau_reads_subordinate_venues(self):
        env = self.env(user=self.district_user)
        venues = env["sports.venue"].search([("id", "in", (self.venue_a | self.venue_b).ids)])
        self.assertEqual(venues, self.venue_a)
        spaces = env["sports.space"].search([("id", "in", (self.space_a | self.space_b).ids)])
        self.assertEqual(spaces, self.space_a)
        self.assertEqual(env["sports.device"].browse(self.device_a.id).name, "Gate A")

    def test_district_bureau_does_not_see_sibling_district(self):
        env = self.env(user=self.district_user)
        with self.assertRaises(AccessError):
            env["sports.venue"].browse(self.venue_b.id).read(["name"])
        with self.assertRaises(AccessError):
            env["sports.space"].browse(self.space_b.id).read(["name"])
        # Switching to a sibling company is refused outright.
        with self.assertRaises(AccessError):
            env["sports.venue"].with_context(allowed_company_ids=[self.operator_b.id]).search([])

    def test_city_bureau_reads_both_districts(self):
        env = self.env(user=self.city_user)
        venues = env["sports.venue"].search([("id", "in", (self.venue_a | self.venue_b).ids)])
        self.assertEqual(venues, self.venue_a | self.venue_b)

    def test_bureau_user_can_write_nothing(self):
        env = self.env(user=self.city_user)
        venue = env["sports.venue"].browse(self.venue_a.id)
        with self.assertRaises(AccessError):
            venue.write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            env["sports.venue"].create(
                {"name": "New", "code": "NEW", "company_id": self.operator_a.id}
            )
        with self.assertRaises(AccessError):
            env["sports.space"].browse(self.space_a.id).write({"capacity": 99})
        with self.assertRaises(AccessError):
            env["sports.space"].browse(self.space_a.id).unlink()
        with self.assertRaises(AccessError):
            env["sports.device"].browse(self.device_a.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            env["sports.area"].create({"name": "x", "venue_id": self.venue_a.id})
        with self.assertRaises(AccessError):
            env["sports.sport"].browse(self.basketball.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            env["res.company"].browse(self.operator_a.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            env["res.partner"].browse(self.operator_a.partner_id.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            env["res.partner"].create({"name": "x"})
        self.assertEqual(self.venue_a.name, "Venue A")

    def test_arena_user_cannot_configure_but_manager_can(self):
        staff = self.env["res.users"].create(
            {
                "name": "Staff",
                "login": "staff_t",
                "company_id": self.operator_a.id,
                "company_ids": [(6, 0, [self.operator_a.id])],
                "group_ids": [(6, 0, [self.env.ref("sports_venue.group_arena_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.venue_a.with_user(staff).write({"name": "x"})
        manager = self.env["res.users"].create(
            {
                "name": "Mgr",
                "login": "mgr_t",
                "company_id": self.operator_a.id,
                "company_ids": [(6, 0, [self.operator_a.id])],
                "group_ids": [(6, 0, [self.env.ref("sports_venue.group_arena_manager").id])],
            }
        )
        self.venue_a.with_user(manager).write({"name": "Renamed"})
        self.assertEqual(self.venue_a.name, "Renamed")
        # A manager of operator A cannot touch operator B's venue.
        with self.assertRaises(AccessError):
            self.venue_b.with_user(manager).write({"name": "x"})
