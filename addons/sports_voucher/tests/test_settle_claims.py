import io
from datetime import timedelta

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .settle_common import SettleCase


@tagged("post_install", "-at_install")
class TestSettleClaims(SettleCase):
    """Subsidy claims: generated per venue and local period, less the accepted flags;
    approved fully or in part into the books of both companies; statements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        m = cls.members
        cls.date_from = cls.today - timedelta(days=10)
        cls.date_to = cls.today - timedelta(days=1)
        vouchers = cls.make_vouchers([{"partner": m[n % 6]} for n in range(9)])
        cls.redemptions = cls.redeem(
            vouchers,
            [
                # venue 1: four in the period (the last at 23:00 local on its last day)
                {"at": cls.local(-9, 10), "order": 60},
                {"at": cls.local(-5, 10), "order": 70},
                {"at": cls.local(-5, 11), "order": 80, "channel": "desk"},
                {"at": cls.local(-1, 23), "order": 90},
                # venue 1: refunded, before the period, and after midnight local
                {"at": cls.local(-4, 10), "state": "refunded"},
                {"at": cls.local(-11, 23)},
                {"at": cls.local(0, 0) + timedelta(minutes=30)},
                # venue 2: two in the period
                {"at": cls.local(-3, 10, cls.venue2), "venue": cls.venue2, "order": 100},
                {"at": cls.local(-2, 10, cls.venue2), "venue": cls.venue2, "order": 50},
            ],
        )
        cls.in_period = cls.redemptions[0:4]
        # The bureau confirmed the fraud of the second redemption.
        cls.fraud = cls.env["sports.voucher.flag"]._raise(
            "no_entry",
            cls.campaign,
            f"redemption:{cls.redemptions[1].id}",
            venue_id=cls.venue.id,
            redemption_id=cls.redemptions[1].id,
        )
        cls.fraud.reason = "无入场记录"
        cls.fraud.with_user(cls.officer).action_accept()
        cls.Claim = cls.env["sports.voucher.subsidy.claim"]

    def generate(self):
        claims = self.Claim._generate(self.campaign, self.date_from, self.date_to)
        return claims.filtered(lambda c: c.venue_id == self.venue), claims.filtered(
            lambda c: c.venue_id == self.venue2
        )

    def submitted(self):
        claim, _other = self.generate()
        claim.with_user(self.manager).action_submit()
        return claim.with_user(self.officer)

    def clearing_lines(self, moves):
        clearing = self.operator.sports_voucher_clearing_account_id
        return moves.line_ids.filtered(lambda line: line.account_id == clearing)

    def test_generation_per_venue_less_accepted_flags_and_idempotent(self):
        claim, claim2 = self.generate()
        self.assertTrue(claim.name.startswith("VSC/"))
        self.assertEqual(claim.redemption_ids, self.in_period, "local days, valid only")
        self.assertEqual(claim.company_id, self.operator)
        self.assertEqual(claim.bureau_company_id, self.bureau)
        self.assertEqual(claim.redemption_count, 4)
        self.assertEqual(claim.amount_claimed, 80.0)
        self.assertEqual(claim.amount_rejected, 20.0, "the accepted flag's discount")
        self.assertEqual(claim.amount_approved, 60.0, "proposed: claimed less rejected")
        self.assertEqual(claim2.amount_claimed, 40.0)
        self.assertEqual(claim2.amount_rejected, 0.0)

        # A late redemption of the period joins the draft claim; nothing is claimed twice.
        late = self.redeem(
            self.make_vouchers([{"partner": self.members[0]}]), [{"at": self.local(-6, 15)}]
        )
        again, again2 = self.generate()
        self.assertEqual((again, again2), (claim, claim2), "the same claims again")
        self.assertIn(late, claim.redemption_ids)
        self.assertEqual(claim.amount_claimed, 100.0)
        self.assertEqual(self.Claim.search_count([("campaign_id", "=", self.campaign.id)]), 2)
        only = self.Claim._generate(self.campaign, self.date_from, self.date_to, self.venue2)
        self.assertEqual(only, claim2)

    def test_full_approval_books_both_companies(self):
        # A bureau without books (the demo's) gets them on its first approval.
        claim = self.submitted()
        self.assertEqual(claim.state, "submitted")
        claim.action_approve()
        self.assertEqual(claim.state, "approved")
        self.assertTrue(self.bureau.chart_template, "the bureau keeps books")

        # The officer keeps no accounts: the moves are read here as the accountants would.
        claim = claim.sudo()
        bill, invoice, writeoff = claim.vendor_bill_id, claim.invoice_id, claim.writeoff_move_id
        self.assertEqual(bill.company_id, self.bureau)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.operator.partner_id)
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.amount_total, 60.0)
        self.assertEqual(
            bill.invoice_line_ids.account_id, self.bureau.sports_voucher_subsidy_account_id
        )
        self.assertEqual(bill.invoice_line_ids.account_id.account_type, "expense")

        self.assertEqual(invoice.company_id, self.operator)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.bureau.partner_id)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 60.0)
        self.assertFalse(invoice.invoice_line_ids.tax_ids, "a subsidy bears no tax")
        self.assertEqual(
            invoice.invoice_line_ids.account_id, self.operator.sports_voucher_clearing_account_id
        )
        self.assertEqual((bill.ref, invoice.ref), (claim.name, claim.name))
        self.assertTrue(
            any(invoice.name in (body or "") for body in bill.message_ids.mapped("body"))
        )
        self.assertTrue(
            any(bill.name in (body or "") for body in invoice.message_ids.mapped("body")),
            "each move links the other",
        )

        # The rejected ¥20 is written off: the claim clears the ¥80 of discounts granted.
        self.assertEqual(writeoff.state, "posted")
        self.assertEqual(writeoff.company_id, self.operator)
        lines = self.clearing_lines(invoice | writeoff)
        self.assertAlmostEqual(sum(lines.mapped("balance")), -claim.amount_claimed)
        loss = writeoff.line_ids - lines
        self.assertEqual(loss.debit, 20.0)
        self.assertEqual(loss.account_id, self.operator.sports_voucher_writeoff_account_id)

    def test_partial_approval_needs_a_note_and_the_rest_is_written_off(self):
        claim = self.submitted()
        for amount, message in ((0.0, "positive"), (60.01, "at most"), (-5, "positive")):
            claim.amount_approved = amount
            with self.assertRaisesRegex(UserError, message):
                claim.action_approve()
        claim.amount_approved = 50.0
        with self.assertRaisesRegex(UserError, "note"):
            claim.action_approve()
        self.assertFalse(
            self.env["account.move"].search([("ref", "=", claim.name)]), "nothing half-written"
        )
        self.assertEqual(claim.state, "submitted")
        claim.approval_note = "两笔核销凭证不全"
        claim.action_approve()
        claim = claim.sudo()
        self.assertEqual(claim.invoice_id.amount_total, 50.0)
        self.assertEqual(claim.vendor_bill_id.amount_total, 50.0)
        self.assertEqual(claim.writeoff_move_id.amount_total, 30.0)
        lines = self.clearing_lines(claim.invoice_id | claim.writeoff_move_id)
        self.assertAlmostEqual(sum(lines.mapped("balance")), -80.0, msg="clearing nets to zero")

    def test_bad_transitions_are_refused(self):
        claim, _other = self.generate()
        with self.assertRaisesRegex(UserError, "only a submitted claim"):
            claim.with_user(self.officer).action_approve()
        with self.assertRaisesRegex(UserError, "managers"):
            claim.with_user(self.officer).action_submit()
        claim.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "submitted already"):
            claim.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "officers"):
            claim.with_user(self.manager).action_approve()
        claim.with_user(self.officer).action_approve()
        bill = claim.vendor_bill_id
        with self.assertRaisesRegex(UserError, "only a submitted claim"):
            claim.with_user(self.officer).action_approve()
        self.assertEqual(claim.vendor_bill_id, bill, "approving twice books once")
        with self.assertRaisesRegex(UserError, "decided already"):
            claim.with_user(self.officer).action_refuse()

    def test_refusal_needs_a_note_and_writes_the_claim_off(self):
        _claim, claim2 = self.generate()
        claim2.with_user(self.manager).action_submit()
        officer_claim = claim2.with_user(self.officer)
        with self.assertRaisesRegex(UserError, "why"):
            officer_claim.action_refuse()
        officer_claim.approval_note = "场馆未按规定公示"
        officer_claim.action_refuse()
        self.assertEqual(claim2.state, "refused")
        self.assertFalse(claim2.vendor_bill_id or claim2.invoice_id)
        lines = self.clearing_lines(claim2.writeoff_move_id)
        self.assertAlmostEqual(sum(lines.mapped("balance")), -40.0)

    def test_statements_pdf_and_xlsx(self):
        claim = self.submitted()
        claim.action_approve()
        action = claim.action_statement_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        book = openpyxl.load_workbook(io.BytesIO(claim._sports_statement_xlsx()))
        sheet = book.active
        self.assertEqual(sheet["B1"].value, claim.name)
        self.assertEqual(sheet["B3"].value, "结算体育馆")
        codes = [sheet.cell(row=r, column=2).value for r in range(7, 11)]
        self.assertEqual(codes, self.in_period.voucher_id.mapped("code"))
        self.assertEqual(sheet["D7"].value, 60)
        self.assertEqual(sheet["E7"].value, 20)
        self.assertIsInstance(sheet["E7"].value, (int, float), "money as numbers")
        self.assertIn("Accepted", sheet["F8"].value, "the flagged redemption says so")
        self.assertEqual(sheet["E12"].value, 80)
        self.assertEqual(sheet["E13"].value, 20)
        self.assertEqual(sheet["E14"].value, 60)

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sports_voucher.action_report_subsidy_claim", claim.ids)[0]
            .decode()
        )
        self.assertIn(self.in_period[0].voucher_id.code, html)
        self.assertIn(claim.name, html)
        self.assertIn("结算体育馆", html)

    def test_campaign_report_figures(self):
        Report = self.env["sports.voucher.campaign.report"]
        by_batch = {r["key"]: r for r in Report._sports_figures(self.campaign, "batch_id")}
        small = by_batch[self.batch]
        self.assertEqual(small["sent"], 100)
        self.assertEqual(small["claimed"], 9)
        self.assertEqual(small["used"], 8, "the refunded redemption does not count")
        self.assertAlmostEqual(small["used_ratio"], 8 / 9)
        self.assertEqual(small["amount_used"], 160.0)
        # 60+70+80+90 + two at the default 80 + 100+50 on venue 2
        self.assertEqual(small["order_amount"], 610.0)
        self.assertAlmostEqual(small["pull_ratio"], 610.0 / 160.0)
        self.assertEqual(by_batch[self.group_batch]["sent"], 10)
        self.assertEqual(by_batch[self.group_batch]["used"], 0)
        by_venue = {r["key"]: r for r in Report._sports_figures(self.campaign, "venue_id")}
        self.assertEqual(set(by_venue), {self.venue, self.venue2})
        self.assertEqual(by_venue[self.venue2]["used"], 2)
        self.assertEqual(by_venue[self.venue2]["amount_used"], 40.0)
        self.assertAlmostEqual(by_venue[self.venue2]["pull_ratio"], 150.0 / 40.0)

        book = openpyxl.load_workbook(io.BytesIO(self.campaign._sports_report_xlsx()))
        batches, venues = book.worksheets
        rows = {r[0].value: r for r in batches.iter_rows(min_row=2)}
        row = rows[Report._sports_label(self.batch)]
        self.assertEqual([c.value for c in row[1:4]], [100, 9, 8])
        self.assertAlmostEqual(row[7].value, 610.0 / 160.0)
        venue_rows = {r[0].value: r for r in venues.iter_rows(min_row=2)}
        self.assertEqual(venue_rows["结算游泳馆"][5].value, 40)

    def test_statistics_count_the_venue_vouchers(self):
        Stat = self.env["sports.venue.stat"]
        day = self.today - timedelta(days=5)
        counts = Stat._sports_stat_voucher_counts(self.venue, day, day)
        self.assertEqual(counts, {(self.venue.id, day): (2, 40.0)})
        rows = Stat._compute_days(day, day, self.venue)
        self.assertEqual(rows.vouchers_redeemed, 2)
        self.assertEqual(rows.voucher_amount, 40.0)
        last = self.today - timedelta(days=1)
        rows = Stat._compute_days(last, self.today, self.venue)
        by_day = {r.date: r.vouchers_redeemed for r in rows}
        self.assertEqual(by_day, {last: 1, self.today: 1}, "23:00 and 00:30 on their local days")

    def test_managers_claim_their_venues_through_the_wizard(self):
        Wizard = self.env["sports.voucher.claim.wizard"]
        vals = {
            "campaign_id": self.campaign.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }
        action = Wizard.with_user(self.manager).create(vals).action_generate()
        claims = self.Claim.search(action["domain"])
        self.assertEqual(set(claims.venue_id), {self.venue, self.venue2})
        self.assertEqual(sum(claims.mapped("amount_claimed")), 120.0)
        with self.assertRaises(AccessError):
            Wizard.with_user(self.officer).create(vals)
        with self.assertRaisesRegex(UserError, "managers"):
            self.Claim.with_user(self.officer)._generate(
                self.campaign, self.date_from, self.date_to
            )
