import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.sports_pos.tests.common import ui_order_copy

from .pos_common import VoucherPosCommon
from .test_pos_refund import VoucherRefundCases


@tagged("post_install", "-at_install")
class TestPosVoucherDesk(VoucherRefundCases, VoucherPosCommon):
    """A voucher redeemed at the desk: the server's order hook is the truth."""

    # Run the refund cases too (one POS fixture: its set-up is the slow part).
    allow_inherited_tests_method = True

    def test_voucher_line_redeems_at_the_desk(self):
        voucher = self._voucher()
        line = self.voucher_line(voucher)
        order = self.sync(self.order_data([(self.racket, 1), line]))
        self.assertEqual(order.state, "paid")
        self.assertAlmostEqual(order.amount_total, 45.0)
        redemption = self.redemptions(voucher)
        self.assertEqual(len(redemption), 1)
        self.assertEqual(redemption.channel, "desk")
        self.assertEqual(redemption.pos_order_id, order)
        discount_line = order.lines.filtered("sports_voucher_id")
        self.assertEqual(redemption.pos_order_line_id, discount_line)
        self.assertEqual(redemption.pos_line_uuid, line["uuid"])
        self.assertAlmostEqual(redemption.discount, 15.0)
        self.assertEqual(redemption.venue_id, self.venue)
        self.assertEqual(redemption.company_id, self.company)
        self.assertEqual(redemption.user_id, self.env.user)
        self.assertEqual(voucher.state, "used")
        # The voucher product books on the operator's clearing account.
        account = self.company.sports_voucher_clearing_account_id
        self.assertTrue(account)
        income = self.voucher_product.with_company(self.company)._get_product_accounts()["income"]
        self.assertEqual(income, account)

    def test_resync_redeems_once(self):
        voucher = self._voucher()
        data = self.order_data([(self.racket, 1), self.voucher_line(voucher)])
        order = self.sync(ui_order_copy(data))
        again = self.sync(ui_order_copy(data))
        self.assertEqual(again, order)
        # The hook itself, run again on the saved order: the line's uuid finds its
        # redemption and nothing more is redeemed.
        order._sports_voucher_redeem()
        self.assertEqual(len(self.redemptions(voucher)), 1)
        self.assertEqual(len(self.env["pos.order"].search([("uuid", "=", data["uuid"])])), 1)

    def test_tampered_discount_is_refused_and_nothing_written(self):
        voucher = self._voucher()
        data = self.order_data([(self.racket, 1), self.voucher_line(voucher, discount=20.0)])
        with (
            self.assertRaisesRegex(UserError, "takes .*15.* off this order"),
            self.env.cr.savepoint(),
        ):
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertFalse(self.redemptions(voucher))
        self.assertEqual(voucher.state, "held")

    def test_threshold_not_met_is_refused_and_nothing_written(self):
        voucher = self._voucher()
        data = self.order_data([(self.drink, 5), self.voucher_line(voucher)])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertFalse(self.redemptions(voucher))
        self.assertEqual(voucher.state, "held")

    def test_expired_voucher_is_refused(self):
        voucher = self._voucher(
            claimed_at=fields.Datetime.now() - timedelta(days=9),
            expires_at=fields.Datetime.now() - timedelta(days=2),
        )
        data = self.order_data([(self.racket, 1), self.voucher_line(voucher)])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertFalse(self.redemptions(voucher))

    def test_used_voucher_is_refused_on_a_second_order(self):
        voucher = self._voucher()
        self.sync(self.order_data([(self.racket, 1), self.voucher_line(voucher)]))
        data = self.order_data([(self.racket, 1), self.voucher_line(voucher)])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertEqual(len(self.redemptions(voucher)), 1)

    def test_voucher_product_without_voucher_is_refused(self):
        line = self.voucher_line(self._voucher())
        line.pop("sports_voucher_id")
        data = self.order_data([(self.racket, 1), line])
        with self.assertRaisesRegex(UserError, "names its voucher"), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))

    def test_desk_lookup_quotes_the_order(self):
        voucher = self._voucher()
        self._voucher(
            claimed_at=fields.Datetime.now() - timedelta(days=9),
            expires_at=fields.Datetime.now() - timedelta(days=2),
        )
        Voucher = self.env["sports.voucher"]
        lines = [{"product_id": self.racket.id, "amount": 60.0}]
        result = Voucher.sports_pos_voucher_lookup(
            self.config.id, code=voucher.code.lower(), lines=lines
        )
        self.assertEqual([v["id"] for v in result["vouchers"]], voucher.ids)
        self.assertAlmostEqual(result["vouchers"][0]["discount"], 15.0)
        self.assertEqual(result["records"][0]["code"], voucher.code)
        # The customer's held vouchers: the expired one is not listed; below the
        # threshold, the voucher comes with the reason instead of a discount.
        small = [{"product_id": self.drink.id, "amount": 6.0}]
        result = Voucher.sports_pos_voucher_lookup(
            self.config.id, partner_id=self.customer.id, lines=small
        )
        self.assertEqual(len(result["vouchers"]), 1)
        self.assertIsNone(result["vouchers"][0]["discount"])
        self.assertTrue(result["vouchers"][0]["error"])
        with self.assertRaisesRegex(UserError, "No voucher has the code"):
            Voucher.sports_pos_voucher_lookup(self.config.id, code="V0000000000000000", lines=lines)
        with self.assertRaises(UserError):
            Voucher.sports_pos_voucher_lookup(self.config.id, code=voucher.code, lines=small)
        with self.assertRaises(UserError):
            Voucher.sports_pos_voucher_lookup(self.config.id, lines=lines)

    def test_cashier_outside_the_staff_is_refused(self):
        voucher = self._voucher()
        cashier = new_test_user(
            self.env,
            login="voucher_plain_cashier",
            groups="point_of_sale.group_pos_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaisesRegex(AccessError, "Only venue staff"):
            self.env["sports.voucher"].with_user(cashier).sports_pos_voucher_lookup(
                self.config.id, code=voucher.code
            )

    def test_voucher_barcode_rule_reads_voucher_codes_only(self):
        rule = self.env.ref("sports_voucher.barcode_rule_sports_voucher")
        self.assertEqual(rule.type, "sports_voucher")
        self.assertNotIn("{", rule.pattern)
        ticket = self.env.ref("sports_pos.barcode_rule_sports_ticket")
        self.assertLess(rule.sequence, ticket.sequence)
        codes = [self._voucher().code for _n in range(3)]
        for code in codes:
            self.assertTrue(re.match(rule.pattern, code), code)
        for other in ("6901234500011", "MC000123", "V0123", "AQxyz-_0123456789", codes[0] + "0"):
            self.assertFalse(re.match(rule.pattern, other), other)

    def test_two_vouchers_on_one_order_are_refused(self):
        first, second = self._voucher(), self._voucher()
        data = self.order_data(
            [(self.racket, 2), self.voucher_line(first), self.voucher_line(second)]
        )
        with self.assertRaisesRegex(UserError, "one voucher"), self.env.cr.savepoint():
            self.sync(data)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        self.assertFalse(self.redemptions(first) | self.redemptions(second))
        self.assertEqual((first | second).mapped("state"), ["held", "held"])

    def test_desk_quote_reads_the_booked_courts_sport(self):
        badminton = self.env.ref("sports_venue.sport_badminton")
        court = self.env["sports.space"].create(
            {"name": "Desk badminton 1", "venue_id": self.venue.id, "sport_ids": badminton.ids}
        )
        pool = self.env["sports.space"].create(
            {
                "name": "Desk pool",
                "venue_id": self.venue.id,
                "sport_ids": self.env.ref("sports_venue.sport_swimming").ids,
            }
        )
        self.campaign.sudo().sport_ids = badminton
        voucher = self._voucher()
        Voucher = self.env["sports.voucher"]
        booked = [{"product_id": self.racket.id, "amount": 60.0, "space_id": court.id}]
        result = Voucher.sports_pos_voucher_lookup(self.config.id, code=voucher.code, lines=booked)
        self.assertAlmostEqual(result["vouchers"][0]["discount"], 15.0)
        for lines in (
            [{"product_id": self.racket.id, "amount": 60.0}],
            [{"product_id": self.racket.id, "amount": 60.0, "space_id": pool.id}],
        ):
            with self.assertRaisesRegex(UserError, badminton.name):
                Voucher.sports_pos_voucher_lookup(self.config.id, code=voucher.code, lines=lines)
