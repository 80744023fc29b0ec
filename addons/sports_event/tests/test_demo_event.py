from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoEvent(TransactionCase):
    """The demo tournament is there and coherent (with demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls.env.ref("sports_event.event_demo_badminton_open", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.event:
            self.skipTest("No event demo in this database.")

    def test_an_upcoming_tournament_blocks_two_courts(self):
        event = self.event
        venue = event.sports_venue_id
        self.assertEqual(venue, self.env.ref("sports_venue.venue_csc"))
        today = venue._local_date(fields.Datetime.now())
        start = venue._local_date(event.date_begin)
        self.assertGreaterEqual((start - today).days, 14)
        self.assertEqual(len(event.sports_space_ids), 2)
        blocks = event.sports_block_ids.filtered(lambda b: b.state != "cancelled")
        self.assertEqual(blocks.space_id, event.sports_space_ids)
        self.assertEqual(set(blocks.mapped("kind")), {"block"})
        self.assertEqual(set(blocks.mapped("channel")), {"event"})
        self.assertTrue(all(b.start_at <= event.date_begin for b in blocks))
        self.assertTrue(all(b.end_at >= event.date_end for b in blocks))
        self.assertFalse(event.sports_is_free)
        self.assertEqual(len(event.event_ticket_ids), 2)

    def test_teams_and_registrations(self):
        event = self.event
        self.assertEqual((event.sports_team_size_min, event.sports_team_size_max), (2, 4))
        self.assertEqual(len(event.sports_team_ids), 3)
        for team in event.sports_team_ids:
            self.assertTrue(2 <= team.member_count <= 4, team.name)
            self.assertIn(team.captain_partner_id, team.registration_ids.partner_id)
        registrations = event.registration_ids.filtered(lambda r: r.state == "open")
        self.assertGreaterEqual(len(registrations), 16)
        chen = self.env.ref("sports_booking.partner_member_chen")
        self.assertIn(chen, registrations.partner_id)
        self.assertTrue(all(registrations.mapped("sports_entitlement_id")))
