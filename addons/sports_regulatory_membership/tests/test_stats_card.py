from odoo.tests import tagged

from odoo.addons.sports_regulatory.tests.test_stats_compute import DAY, StatsCase


@tagged("post_install", "-at_install")
class TestStatsCard(StatsCase):
    def test_card_entries_count_by_the_card_types_audience(self):
        card_type = self.env["sports.card.type"].create(
            {
                "name": "Disabled free pass",
                "kind": "period",
                "validity_months": 12,
                "venue_ids": [(6, 0, self.venue.ids)],
                "sports_audience": "disabled",
                "sports_fee_level": "free",
            }
        )
        holder = self.env["res.partner"].create({"name": "Card Holder", "phone": "13900139123"})
        card = self.env["sports.card"].create({"type_id": card_type.id, "partner_id": holder.id})
        entitlement = card.access_entitlement_id
        self.assertTrue(entitlement)
        before = self.stat.read(["free_visitors", "disabled_visitors", "unique_visitors"])[0]
        # Twice in the hall: one visitor.
        self.insert_events(
            [
                (self.hall_in, holder, entitlement, "16:00:00", "in"),
                (self.hall_in, holder, entitlement, "17:00:00", "in"),
            ]
        )
        stat = self.Stat._compute_days(DAY, DAY, self.venue)
        self.assertEqual(stat.free_visitors, before["free_visitors"] + 1)
        self.assertEqual(stat.disabled_visitors, before["disabled_visitors"] + 1)
        self.assertEqual(stat.unique_visitors, before["unique_visitors"] + 1)
