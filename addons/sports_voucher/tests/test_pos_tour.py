from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

CODE = "V0123456789ABCDEF"


@tagged("post_install", "-at_install")
class TestPosVoucherTour(HttpCase):
    """The demo cashier redeems a voucher at the demo front desk of the city sports
    centre, for a campaign of the city's sports bureau."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.desk = env.ref("sports_pos.pos_config_front_desk")
        cls.cashier = env.ref("sports_pos.user_cashier")
        venue = cls.desk.sports_venue_id
        # Untaxed, whatever the chart of accounts: two tickets make the ¥50 threshold.
        ticket = env.ref("sports_access.ticket_type_swim_single")
        ticket.product_id.taxes_id = [(5, 0, 0)]
        today = fields.Date.today()
        campaign = env["sports.voucher.campaign"].create(
            {
                "name": "Tour campaign",
                "company_id": env.ref("sports_venue.company_bureau_nanjing").id,
                "date_start": today - timedelta(days=1),
                "date_end": today + timedelta(days=30),
                "budget": 1000,
                "limit_uses_day": 0,
                "denomination_ids": [(0, 0, {"face_value": 15, "threshold": 50})],
                "participation_ids": [(0, 0, {"venue_id": venue.id, "state": "approved"})],
            }
        )
        campaign.action_start()
        batch = env["sports.voucher.batch"].create(
            {
                "campaign_id": campaign.id,
                "denomination_id": campaign.denomination_ids.id,
                "release_at": fields.Datetime.now() - timedelta(days=1),
                "quantity": 10,
            }
        )
        cls.holder = env["res.partner"].create({"name": "Tour Member Wang", "phone": "13700137003"})
        cls.voucher = env["sports.voucher"].create(
            {
                "code": CODE,
                "campaign_id": campaign.id,
                "batch_id": batch.id,
                "denomination_id": campaign.denomination_ids.id,
                "partner_id": cls.holder.id,
                "face_value": 15.0,
                "threshold": 50.0,
                "expires_at": fields.Datetime.now() + timedelta(days=7),
            }
        )
        if cls.desk.current_session_id:
            cls.desk.current_session_id.action_pos_session_closing_control()
        cls.desk.with_user(cls.cashier).open_ui()

    def _tour(self, name):
        self.start_tour(f"/pos/ui?config_id={self.desk.id}", name, login="cashier")

    def test_cashier_redeems_a_voucher(self):
        """Below the threshold the desk shows the server's reason; at it, the voucher
        becomes a discount line, and the paid order its redemption."""
        self._tour("sports_voucher_cashier")
        order = self.desk.current_session_id.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertAlmostEqual(order.amount_total, 45.0)
        self.assertEqual(order.partner_id, self.holder)
        redemption = self.env["sports.voucher.redemption"].search(
            [("voucher_id", "=", self.voucher.id)]
        )
        self.assertEqual(len(redemption), 1)
        self.assertEqual(redemption.channel, "desk")
        self.assertEqual(redemption.user_id, self.cashier)
        self.assertEqual(redemption.pos_order_id, order)
        self.assertAlmostEqual(redemption.discount, 15.0)
        self.assertEqual(self.voucher.state, "used")
