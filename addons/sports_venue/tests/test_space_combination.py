from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ArenaVenueCase


@tagged("post_install", "-at_install")
class TestSpaceCombination(ArenaVenueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.half_a = cls._space("Half A")
        cls.half_b = cls._space("Half B")
        cls.full = cls._space("Full", component_ids=[Command.set((cls.half_a | cls.half_b).ids)])
        cls.other = cls._space("Other court")

    def test_atomic_space_is_its_own_unit(self):
        self.assertEqual(self.half_a.unit_ids, self.half_a)
        self.assertFalse(self.half_a.is_composite)

    def test_full_court_units_are_its_halves(self):
        self.assertEqual(self.full.unit_ids, self.half_a | self.half_b)
        self.assertTrue(self.full.is_composite)
        self.assertEqual(self.half_a.composite_ids, self.full)

    def test_full_and_half_block_each_other_both_ways(self):
        self.assertIn(self.full, self.half_a._conflicting_spaces())
        self.assertIn(self.half_a, self.full._conflicting_spaces())
        self.assertIn(self.half_b, self.full._conflicting_spaces())
        self.assertNotIn(self.half_b, self.half_a._conflicting_spaces())
        self.assertNotIn(self.other, self.full._conflicting_spaces())

    def test_nested_units_follow_component_changes(self):
        arena = self._space(
            "Arena floor", component_ids=[Command.set((self.full | self.other).ids)]
        )
        self.assertEqual(arena.unit_ids, self.half_a | self.half_b | self.other)
        # Splitting a half into quarters propagates up two levels.
        q1, q2 = self._space("Q1"), self._space("Q2")
        self.half_a.component_ids = [Command.set((q1 | q2).ids)]
        self.assertEqual(self.full.unit_ids, q1 | q2 | self.half_b)
        self.assertEqual(arena.unit_ids, q1 | q2 | self.half_b | self.other)
        self.assertIn(arena, q1._conflicting_spaces())

    def test_search_composite(self):
        spaces = self.half_a | self.half_b | self.full | self.other
        composite = self.env["sports.space"].search(
            [("id", "in", spaces.ids), ("is_composite", "=", True)]
        )
        self.assertEqual(composite, self.full)
        atomic = self.env["sports.space"].search(
            [("id", "in", spaces.ids), ("is_composite", "=", False)]
        )
        self.assertEqual(atomic, self.half_a | self.half_b | self.other)

    def test_direct_cycle_is_rejected(self):
        with self.assertRaisesRegex(ValidationError, "cannot contain itself"):
            self.half_a.component_ids = [Command.link(self.full.id)]

    def test_self_component_is_rejected(self):
        with self.assertRaisesRegex(ValidationError, "cannot contain itself"):
            self.other.component_ids = [Command.link(self.other.id)]

    def test_indirect_cycle_is_rejected(self):
        top = self._space("Top", component_ids=[Command.link(self.full.id)])
        with self.assertRaisesRegex(ValidationError, "cannot contain itself"):
            self.half_b.component_ids = [Command.link(top.id)]

    def test_cross_venue_component_is_rejected(self):
        foreign = self.env["sports.space"].create({"name": "Foreign", "venue_id": self.venue_b.id})
        with self.assertRaises(ValidationError):
            self.full.component_ids = [Command.link(foreign.id)]
        self.assertEqual(self.full.unit_ids, self.half_a | self.half_b)

    def test_moving_a_combined_space_to_another_venue_is_rejected(self):
        with self.assertRaisesRegex(ValidationError, "another venue"):
            self.half_a.venue_id = self.venue_b

    def test_area_of_another_venue_is_rejected(self):
        area_b = self.env["sports.area"].create({"name": "Hall B", "venue_id": self.venue_b.id})
        with self.assertRaises(ValidationError):
            self._space("Misplaced", area_id=area_b.id)
