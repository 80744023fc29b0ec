"""The operator's tour (issue 16): a manager creates a settlement run, runs it, opens the
stall's settlement, prints its statement and downloads the XLSX; both documents are then
fetched over HTTP and read."""

import io

import openpyxl

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

TOUR_PASSWORD = "Stall-Tour-Pass-1"


@tagged("post_install", "-at_install")
class TestStallSettlementTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.manager = new_test_user(
            env,
            login="stall_tour_manager",
            password=TOUR_PASSWORD,
            groups="sports_venue.group_arena_manager,account.group_account_manager,"
            "point_of_sale.group_pos_manager",
            name="Tour Manager",
            company_id=cls.company.id,
            tz="Asia/Shanghai",
        )
        cls.venue = env["sports.venue"].create(
            {"name": "Tour Stall Arena", "code": "TSTOUR", "company_id": cls.company.id}
        )
        cls.stall = env["sports.stall"].create(
            {"name": "Tour Dumplings", "code": "TS-1", "venue_id": cls.venue.id, "kind": "food"}
        )
        cls.merchant = env["res.partner"].create({"name": "饺子馆 Dumpling House"})
        bank = env["res.partner.bank"].create(
            {"acc_number": "6222 0200 0000 7788", "partner_id": cls.merchant.id}
        )
        today = cls.venue._local_date(fields.Datetime.now())
        cls.contract = env["sports.stall.contract"].create(
            {
                "stall_id": cls.stall.id,
                "partner_id": cls.merchant.id,
                "bank_account_id": bank.id,
                "date_start": today.replace(day=1).replace(year=today.year - 1),
                "cycle": "monthly",
                "rent_amount": 300.0,
                "commission_rate": 10.0,
            }
        )
        cls.contract.write({"state": "active"})
        cls.categ = cls.stall.product_category_id or env["product.category"].create(
            {"name": "Tour dumplings"}
        )
        cls.product = env["product.product"].create(
            {
                "name": "猪肉饺子",
                "type": "consu",
                "available_in_pos": True,
                "company_id": cls.company.id,
                "list_price": 25.0,
                "categ_id": cls.categ.id,
                "taxes_id": [Command.clear()],
                "sports_stall_id": cls.stall.id,
            }
        )
        bank_journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.card = env["pos.payment.method"].create(
            {"name": "Tour bank card", "journal_id": bank_journal.id}
        )
        config = env["pos.config"].create(
            {
                "name": "Tour food court",
                "sports_stall_shared": True,
                "payment_method_ids": [Command.set(cls.card.ids)],
            }
        )
        session = env["pos.session"].create({"config_id": config.id})
        env["pos.order"].create(
            [
                {
                    "session_id": session.id,
                    "lines": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "qty": qty,
                                "price_unit": 25.0,
                                "price_subtotal": 25.0 * qty,
                                "price_subtotal_incl": 25.0 * qty,
                                "sports_stall_id": cls.stall.id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    "payment_ids": [
                        Command.create({"payment_method_id": cls.card.id, "amount": 25.0 * qty})
                    ],
                    "amount_total": 25.0 * qty,
                    "amount_tax": 0.0,
                    "amount_paid": 25.0 * qty,
                    "amount_return": 0.0,
                    "state": "paid",
                }
                for qty in (2, 4)
            ]
        )
        # The session's accounting is not under test here: it is closed as it stands.
        session.write({"state": "closed", "stop_at": fields.Datetime.now()})
        # The tour's requests read the database: what the fixture wrote must be there.
        env.flush_all()

    def test_operator_runs_a_settlement_and_downloads_the_statements(self):
        self.start_tour(
            "/odoo/action-sports_stall.sports_stall_settlement_run_action",
            "sports_stall_settlement_tour",
            login=self.manager.login,
        )
        run = self.env["sports.stall.settlement.run"].search([("venue_id", "=", self.venue.id)])
        self.assertEqual(run.state, "done")
        settlement = run.settlement_ids
        self.assertEqual(settlement.stall_id, self.stall)
        self.assertEqual(settlement.gross_amount, 150.0)

        self.authenticate(self.manager.login, TOUR_PASSWORD)
        response = self.url_open(f"/sports_stall/statement/{settlement.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [row for row in sheet.iter_rows(values_only=True)]
        day_rows = [row for row in rows if row[1] == self.categ.display_name]
        self.assertTrue(day_rows, "the daily breakdown is in the sheet")
        self.assertEqual(sum(row[4] for row in day_rows), 150.0)
        self.assertEqual(sum(row[3] for row in day_rows), 2, "two orders")
        totals = {row[0]: row[4] for row in rows if row[0] and isinstance(row[4], (int, float))}
        self.assertEqual(totals["Total"], 150.0)
        self.assertEqual(totals["Due to Merchant"], settlement.net_amount)
        self.assertIn(settlement.bill_id.name, [c for row in rows for c in row])

        response = self.url_open(f"/report/pdf/sports_stall.report_stall_statement/{settlement.id}")
        self.assertEqual(response.status_code, 200)
        # Odoo's test mode answers with the report's HTML; the same report as a PDF:
        self.assertIn("Tour Dumplings", response.text)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sports_stall.action_report_stall_statement", settlement.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
