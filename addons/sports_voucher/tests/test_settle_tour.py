from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .settle_common import SettleFixture


@tagged("post_install", "-at_install")
class TestBureauTour(SettleFixture, HttpCase):
    """A bureau officer opens the review queue, accepts a flag with a reason, opens the
    venue's subsidy claim and approves it: the flag's discount is left out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vouchers = cls.make_vouchers([{"partner": cls.members[n]} for n in range(3)])
        redemptions = cls.redeem(
            vouchers, [{"at": cls.local(-3, 10 + n), "order": 60} for n in range(3)]
        )
        cls.flag = cls.env["sports.voucher.flag"]._raise(
            "no_entry",
            cls.campaign,
            f"redemption:{redemptions[0].id}",
            venue_id=cls.venue.id,
            redemption_id=redemptions[0].id,
            voucher_id=vouchers[0].id,
            partner_id=cls.members[0].id,
            detail="No gate entry",
        )
        day = cls.today - timedelta(days=3)
        cls.claim = cls.env["sports.voucher.subsidy.claim"]._generate(cls.campaign, day, day)
        cls.claim.with_user(cls.manager).action_submit()
        # The tour's requests read the database: what the fixture wrote must be there.
        cls.env.flush_all()

    def test_officer_reviews_a_flag_and_approves_the_claim(self):
        self.start_tour(
            "/odoo/action-sports_voucher.sports_voucher_flag_action",
            "sports_voucher_bureau_tour",
            login=self.officer.login,
        )
        self.assertEqual(self.flag.state, "accepted")
        self.assertEqual(self.flag.reviewer_id, self.officer)
        self.assertEqual(self.claim.state, "approved")
        self.assertEqual(self.claim.amount_claimed, 60.0)
        self.assertEqual(self.claim.amount_rejected, 20.0)
        self.assertEqual(self.claim.amount_approved, 40.0)
        self.assertEqual(self.claim.vendor_bill_id.amount_total, 40.0)
        self.assertEqual(self.claim.invoice_id.state, "posted")

    def test_statement_pdf_renders_chinese_with_a_cjk_font(self):
        # An HTTP case: wkhtmltopdf fetches the report's assets from the test server.
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sports_voucher.action_report_subsidy_claim", self.claim.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"CJK", pdf, "the Chinese venue name is drawn with a CJK font")
