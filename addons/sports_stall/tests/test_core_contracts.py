from datetime import date, timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestCoreContracts(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids |= cls.env.ref("sports_venue.group_arena_manager")
        cls.venue = cls.env["sports.venue"].create({"name": "Contract Arena", "code": "TSCA"})
        cls.stall = cls.env["sports.stall"].create(
            {"name": "Dumplings", "code": "B-01", "venue_id": cls.venue.id, "kind": "food"}
        )
        cls.merchant = cls.env["res.partner"].create({"name": "Wang Dumplings", "is_company": True})
        cls.bank = cls.env["res.partner.bank"].create(
            {"acc_number": "6222020200112233", "partner_id": cls.merchant.id}
        )
        cls.poor = cls.env["res.partner"].create({"name": "Zhao Snacks"})

    def contract(self, start, end=None, partner=None, **vals):
        return self.env["sports.stall.contract"].create(
            {
                "stall_id": self.stall.id,
                "partner_id": (partner or self.merchant).id,
                "date_start": start,
                "date_end": end,
                **vals,
            }
        )

    def test_bank_account_defaults_to_the_merchants_first(self):
        contract = self.contract(date(2026, 1, 1), date(2026, 6, 30))
        self.assertEqual(contract.bank_account_id, self.bank)
        self.assertTrue(contract.name.startswith("STC/"))
        self.assertFalse(self.contract(date(2027, 1, 1), partner=self.poor).bank_account_id)

    def test_activation_refuses_a_merchant_without_bank_account(self):
        contract = self.contract(date(2026, 1, 1), partner=self.poor)
        with self.assertRaisesRegex(UserError, "Zhao Snacks has no bank account"):
            contract.action_activate()
        self.assertEqual(contract.state, "draft")
        self.env["res.partner.bank"].create(
            {"acc_number": "6222000011", "partner_id": self.poor.id}
        )
        contract.bank_account_id = self.poor.bank_ids
        contract.action_activate()
        self.assertEqual(contract.state, "active")

    def test_activation_refuses_someone_elses_bank_account(self):
        contract = self.contract(date(2026, 1, 1), partner=self.poor)
        contract.bank_account_id = self.bank
        with self.assertRaisesRegex(UserError, "is not the merchant"):
            contract.action_activate()

    def test_states_suspend_end_and_back_to_draft(self):
        contract = self.contract(date(2020, 1, 1))
        contract.action_activate()
        self.assertEqual(self.stall.contract_id, contract)
        self.assertEqual(self.stall.partner_id, self.merchant)
        contract.action_suspend()
        self.assertEqual(contract.state, "suspended")
        with self.assertRaisesRegex(UserError, "cannot be suspended"):
            contract.action_suspend()
        contract.action_activate()
        contract.action_end()
        today = fields.Date.context_today(contract)
        self.assertEqual((contract.state, contract.date_end), ("ended", today))
        with self.assertRaisesRegex(UserError, "cannot be activated"):
            contract.action_activate()
        # The stall can have a new contract from tomorrow.
        follower = self.contract(today + timedelta(days=1))
        follower.action_activate()
        contract.action_draft()
        self.assertEqual(contract.state, "draft")
        with self.assertRaisesRegex(UserError, "cannot be set back to draft"):
            contract.action_draft()

    def test_overlapping_contracts_get_a_clear_error(self):
        first = self.contract(date(2026, 1, 1), date(2026, 6, 30))
        cases = [
            (date(2026, 6, 30), date(2026, 12, 31)),  # shares the last day
            (date(2025, 1, 1), None),  # open-ended before
            (date(2026, 3, 1), date(2026, 3, 31)),  # inside
        ]
        for start, end in cases:
            with self.assertRaisesRegex(ValidationError, "already has contract"):
                self.contract(start, end)
        second = self.contract(date(2026, 7, 1))
        with self.assertRaisesRegex(ValidationError, "already has contract"):
            second.date_start = date(2026, 6, 1)
        with self.assertRaisesRegex(ValidationError, "already has contract"):
            first.date_end = False
        # Another stall may have the same dates, but not twice in one batch.
        other = self.stall.copy({"code": "B-02", "name": "Buns"})
        with self.assertRaisesRegex(ValidationError, "overlap on the same stall"):
            self.env["sports.stall.contract"].create(
                [
                    {"stall_id": other.id, "partner_id": self.merchant.id, "date_start": d}
                    for d in (date(2030, 1, 1), date(2031, 1, 1))
                ]
            )
        self.env["sports.stall.contract"].create(
            {"stall_id": other.id, "partner_id": self.merchant.id, "date_start": date(2026, 1, 1)}
        )

    def test_the_database_still_refuses_an_overlap(self):
        """The exclusion constraint stays the guarantee when the ORM check is bypassed
        (two transactions racing past it)."""
        self.contract(date(2026, 1, 1), date(2026, 6, 30))
        self.env.flush_all()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                SQL(
                    """INSERT INTO sports_stall_contract
                           (name, stall_id, partner_id, date_start, state, cycle)
                       VALUES ('X', %s, %s, '2026-02-01', 'draft', 'monthly')""",
                    self.stall.id,
                    self.merchant.id,
                )
            )

    def test_negative_amounts_and_rates_get_a_clear_error(self):
        for vals, message in [
            ({"commission_rate": -5}, "default commission is between 0% and 100%, not -5%"),
            ({"commission_rate": 120}, "between 0% and 100%"),
            ({"rent_amount": -1}, "Rent per Period cannot be negative"),
            ({"min_guarantee": -0.01}, "Minimum Guaranteed Commission cannot be negative"),
        ]:
            with self.assertRaisesRegex(ValidationError, message):
                self.contract(date(2026, 1, 1), **vals)
        contract = self.contract(date(2026, 1, 1))
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            contract.rent_amount = -100
        categ = self.env["product.category"].create({"name": "Drinks"})
        method = self.env["pos.payment.method"].create({"name": "Card terminal"})
        with self.assertRaisesRegex(ValidationError, "A commission rate is between"):
            contract.write(
                {"commission_ids": [fields.Command.create({"categ_id": categ.id, "rate": -1})]}
            )
        with self.assertRaisesRegex(ValidationError, "A fee rate is between"):
            contract.write(
                {"fee_ids": [fields.Command.create({"payment_method_id": method.id, "rate": -0.6})]}
            )
        contract.write(
            {
                "commission_ids": [fields.Command.create({"categ_id": categ.id, "rate": 15})],
                "fee_ids": [fields.Command.create({"payment_method_id": method.id, "rate": 0.6})],
            }
        )
        with self.assertRaisesRegex(ValidationError, "A commission rate is between"):
            contract.commission_ids.rate = -2
        with self.assertRaisesRegex(ValidationError, "A fee rate is between"):
            contract.fee_ids.rate = 101
        self.assertEqual(contract.commission_ids.rate, 15)

    def test_a_contract_ends_after_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "ends on or after"):
            self.contract(date(2026, 2, 1), date(2026, 1, 31))
