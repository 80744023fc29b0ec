from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestVoucherDemo(TransactionCase):
    """The demo has what the acceptance asks: a running campaign of 南京市体育局 with
    claimed, used and expired vouchers, a flagged redemption and an approved subsidy claim
    with its two moves; and the model campaigns carry their cities' rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env.ref("sports_voucher.campaign_nanjing", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.campaign:
            self.skipTest("the demo data is not loaded")

    def test_nanjing_campaign_runs_with_claimed_used_and_expired_vouchers(self):
        campaign = self.campaign
        self.assertEqual(campaign.state, "running")
        self.assertEqual(campaign.company_id, self.env.ref("sports_venue.company_bureau_nanjing"))
        self.assertEqual(len(campaign.denomination_ids), 3)
        self.assertTrue(campaign.denomination_ids.filtered("is_group"))
        vouchers = campaign.voucher_ids
        self.assertGreaterEqual(len(vouchers), 30, "several dozen claimed vouchers")
        states = set(vouchers.mapped("state"))
        self.assertLessEqual({"held", "used", "expired"}, states)
        now = fields.Datetime.now()
        for voucher in vouchers:
            self.assertTrue(voucher.partner_id.sports_verified_phone, "real-name claims only")
            if voucher.state == "expired":
                self.assertLess(voucher.expires_at, now)
            if voucher.state == "held":
                self.assertGreater(voucher.expires_at, now)
        # The batches never issued more than their quantity, and this week's has stock left
        # for the member to claim during the demo.
        for batch in campaign.batch_ids:
            issued = vouchers.filtered(lambda v, b=batch: v.batch_id == b)
            self.assertEqual(len(issued), batch.claimed_count)
        open_batches = campaign.batch_ids.filtered(lambda b: b.state == "open")
        self.assertTrue(open_batches)
        self.assertTrue(campaign.batch_ids.filtered(lambda b: b.state == "scheduled"))
        self.assertLessEqual(campaign.budget_allocated, campaign.budget)

    def test_used_vouchers_have_their_redemption_online_and_at_the_desk(self):
        vouchers = self.campaign.voucher_ids
        used = vouchers.filtered(lambda v: v.state == "used")
        redemptions = self.env["sports.voucher.redemption"].search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(redemptions.voucher_id, used)
        self.assertEqual({"online", "desk"}, set(redemptions.mapped("channel")))
        approved = self.campaign.participation_ids.filtered(lambda p: p._is_redeemable())
        self.assertLessEqual(redemptions.venue_id, approved.venue_id)
        for redemption in redemptions:
            self.assertEqual(redemption.company_id, redemption.venue_id.company_id)
            self.assertEqual(redemption.discount, redemption.voucher_id.face_value)
            self.assertGreaterEqual(redemption.order_amount, redemption.voucher_id.threshold)
            self.assertLessEqual(redemption.voucher_id.claimed_at, redemption.redeemed_at)
            self.assertLessEqual(redemption.redeemed_at, redemption.voucher_id.expires_at)
        # One use a day per member, as the campaign says.
        days = [(r.partner_id.id, r.redeemed_at.date()) for r in redemptions]
        self.assertEqual(len(days), len(set(days)))

    def test_one_new_no_entry_flag_in_the_review_queue(self):
        flags = self.env["sports.voucher.flag"].search(
            [("campaign_id", "=", self.campaign.id), ("state", "=", "new")]
        )
        self.assertEqual(len(flags), 1)
        self.assertEqual(flags.kind, "no_entry")
        self.assertEqual(flags.redemption_id.channel, "online")
        self.assertEqual(flags.venue_id, flags.redemption_id.venue_id)
        self.assertFalse(flags.redemption_id.claim_id, "still under review, not yet claimed")
        # The demo is coherent: the hourly detection finds nothing else to flag (the other
        # members passed the gate, claims come from many devices, IPs and prefixes).
        self.env["sports.voucher.flag"]._cron_detect()
        all_flags = self.env["sports.voucher.flag"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(all_flags, flags, all_flags.mapped("detail"))

    def test_one_approved_subsidy_claim_with_its_bill_and_invoice(self):
        claims = self.env["sports.voucher.subsidy.claim"].search(
            [("campaign_id", "=", self.campaign.id), ("state", "=", "approved")]
        )
        self.assertEqual(len(claims), 1)
        claim = claims
        self.assertTrue(claim.redemption_ids)
        self.assertEqual(claim.company_id, self.env.ref("base.main_company"))
        bill, invoice = claim.vendor_bill_id, claim.invoice_id
        self.assertEqual(bill.company_id, self.campaign.company_id)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(invoice.company_id, claim.company_id)
        self.assertEqual(invoice.move_type, "out_invoice")
        for move in bill | invoice:
            self.assertEqual(move.state, "posted")
            self.assertEqual(
                move.currency_id.compare_amounts(move.amount_total, claim.amount_approved), 0
            )

    def test_portal_member_holds_one_voucher_and_used_one(self):
        member = self.env.ref("sports_booking.user_portal_member")
        partner = member.partner_id
        self.assertTrue(partner.sports_real_name)
        self.assertTrue(partner.sports_verified_phone)
        mine = self.env["sports.voucher"].with_user(member).search([])
        self.assertEqual(mine.partner_id, partner, "a member reads only their own vouchers")
        self.assertEqual(mine.filtered(lambda v: v.state == "held").mapped("face_value"), [15.0])
        self.assertEqual(mine.filtered(lambda v: v.state == "used").mapped("face_value"), [30.0])

    def test_participations_and_the_bureau_officer(self):
        states = {p.venue_id: p.state for p in self.campaign.participation_ids}
        self.assertEqual(states[self.env.ref("sports_venue.venue_csc")], "approved")
        self.assertEqual(states[self.env.ref("sports_regulatory.venue_gulou_fit")], "applied")
        officer = self.env.ref("sports_venue.user_bureau_nanjing")
        self.assertTrue(officer.has_group("sports_voucher.group_voucher_officer"))
        # The officer sees the campaign's queue: its flags, redemptions and claims.
        Flag = self.env["sports.voucher.flag"].with_user(officer)
        self.assertTrue(Flag.search([("campaign_id", "=", self.campaign.id)]))
        self.assertTrue(
            self.env["sports.voucher.redemption"]
            .with_user(officer)
            .search_count([("campaign_id", "=", self.campaign.id)])
        )

    def test_model_campaigns_carry_their_cities_rules(self):
        ref = self.env.ref
        shanghai = ref("sports_voucher.campaign_shanghai_2023")
        self.assertEqual(shanghai.company_id.name, "上海市体育局")
        self.assertEqual(
            (
                shanghai.validity_days,
                shanghai.limit_claims_week,
                shanghai.limit_held,
                shanghai.limit_uses_day,
                shanghai.one_per_order,
                shanghai.refund_rule,
            ),
            (7, 3, 3, 1, True, "restore"),
        )
        faces = shanghai.denomination_ids.mapped("face_value")
        self.assertEqual((min(faces), max(faces)), (5.0, 80.0))
        zhongshan = ref("sports_voucher.campaign_zhongshan_2024")
        self.assertEqual(zhongshan.refund_rule, "forfeit")
        self.assertTrue(zhongshan.denomination_ids.filtered("is_group"))
        self.assertEqual(zhongshan.company_id.bureau_parent_id.arena_role, "province")
        henan = ref("sports_voucher.campaign_henan")
        self.assertEqual(henan.region_id.code, "410000")
        national = ref("sports_venue.company_bureau_national")
        # nation → province → city
        self.assertEqual(shanghai.company_id.bureau_parent_id, national)
        self.assertEqual(henan.company_id.bureau_parent_id, national)
        self.assertEqual(zhongshan.company_id.bureau_parent_id.bureau_parent_id, national)
        self.assertEqual(set((shanghai | zhongshan | henan).mapped("state")), {"closed"})
