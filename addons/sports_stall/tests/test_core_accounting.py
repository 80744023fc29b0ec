from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .core_common import StallPosCase


@tagged("post_install", "-at_install")
class TestCoreAccounting(StallPosCase):
    def test_each_stall_has_its_accounts_and_categories(self):
        for stall in self.noodles | self.tea:
            account = stall.collections_account_id
            self.assertEqual(account.account_type, "liability_current")
            self.assertTrue(account.reconcile)
            self.assertIn(stall.name, account.name)
            category = stall.product_category_id.with_company(stall.company_id)
            self.assertEqual(category.property_account_income_categ_id, account)
            self.assertTrue(stall.pos_category_id)
        self.assertNotEqual(self.noodles.collections_account_id, self.tea.collections_account_id)
        self.assertEqual(self.noodle_bowl.categ_id, self.noodles.product_category_id)
        self.assertIn(self.noodles.pos_category_id, self.noodle_bowl.pos_categ_ids)
        self.assertFalse(self.noodle_bowl.taxes_id, "the company's default tax is not kept")
        self.assertEqual(
            self.noodle_bowl.product_tmpl_id._get_product_accounts()["income"],
            self.noodles.collections_account_id,
        )

    def test_charges_account_is_created_once(self):
        account = self.company._sports_stall_charges_account()
        self.assertEqual(account.account_type, "income_other")
        self.assertEqual(self.company._sports_stall_charges_account(), account)
        self.assertEqual(self.company.sports_stall_charges_account_id, account)

    def test_stall_products_carry_no_customer_tax(self):
        tax = self.taxes["tax7"]
        with (
            self.assertRaisesRegex(ValidationError, "remove its customer taxes"),
            self.env.cr.savepoint(),
        ):
            self.milk_tea.taxes_id = tax
        with (
            self.assertRaisesRegex(ValidationError, "remove its customer taxes"),
            self.env.cr.savepoint(),
        ):
            self.env["product.product"].create(
                {"name": "Taxed tea", "sports_stall_id": self.tea.id, "taxes_id": tax.ids}
            )
        taxed = self.create_product("Taxed towel", self.categ_basic, 20.0, tax_ids=tax.ids)
        with (
            self.assertRaisesRegex(ValidationError, "remove its customer taxes"),
            self.env.cr.savepoint(),
        ):
            taxed.sports_stall_id = self.tea

    def test_stall_products_credit_the_stalls_collections_account(self):
        with (
            self.assertRaisesRegex(ValidationError, "must be the stall's collections account"),
            self.env.cr.savepoint(),
        ):
            self.milk_tea.property_account_income_id = self.sale_account
        with (
            self.assertRaisesRegex(ValidationError, "must be the stall's collections account"),
            self.env.cr.savepoint(),
        ):
            self.milk_tea.categ_id = self.categ_basic
        # A sub-category of the stall's is fine once it books to the stall's account.
        sub = self.env["product.category"].create(
            {
                "name": "Cold drinks",
                "parent_id": self.tea.product_category_id.id,
                "property_account_income_categ_id": self.tea.collections_account_id.id,
            }
        )
        self.milk_tea.categ_id = sub
        self.assertEqual(self.milk_tea.categ_id, sub)
        # A sub-category made without an income account takes the stall's.
        hot = self.env["product.category"].create(
            {"name": "Hot drinks", "parent_id": self.tea.product_category_id.id}
        )
        self.assertEqual(
            hot.with_company(self.company).property_account_income_categ_id,
            self.tea.collections_account_id,
        )
        plain = self.env["product.category"].create(
            {"name": "Towels", "parent_id": self.categ_basic.id}
        )
        self.assertNotEqual(
            plain.with_company(self.company).property_account_income_categ_id,
            self.tea.collections_account_id,
        )
        self.milk_tea.categ_id = hot
        self.assertEqual(
            self.milk_tea.product_tmpl_id._get_product_accounts()["income"],
            self.tea.collections_account_id,
        )

    def test_session_move_credits_each_stall_exactly_its_sales(self):
        self.open_till(shared=True)
        self.sell([(self.noodle_bowl, 2), (self.milk_tea, 1)])  # 56.00 + 15.50
        self.sell([(self.milk_tea, 3)])  # 46.50
        self.sell([(self.noodle_bowl, 1)], payments=[(self.bank_pm1, 28.0)])
        first = self.pos_session.order_ids.filtered(lambda o: len(o.lines) == 2)
        tea_line = first.lines.filtered(lambda line: line.product_id == self.milk_tea)
        self.sell(
            [{"product": self.milk_tea, "quantity": -1, "refunded_orderline_id": tea_line.id}]
        )
        session = self.close_session()
        move_lines = session.move_id.line_ids
        self.assertEqual(session.move_id.state, "posted")
        for stall, sales in ((self.noodles, 84.0), (self.tea, 46.5)):
            lines = move_lines.filtered(
                lambda line, s=stall: line.account_id == s.collections_account_id
            )
            self.assertTrue(lines, f"the session move books {stall.name}'s sales")
            self.assertEqual(
                stall.currency_id.compare_amounts(-sum(lines.mapped("balance")), sales), 0
            )
        # And that is exactly the stall's lines of the session, net of the refund.
        for stall in self.noodles | self.tea:
            sold = self.env["pos.order.line"].search(
                [("order_id.session_id", "=", session.id), ("sports_stall_id", "=", stall.id)]
            )
            booked = move_lines.filtered(
                lambda line, s=stall: line.account_id == s.collections_account_id
            )
            self.assertAlmostEqual(
                sum(sold.mapped("price_subtotal_incl")), -sum(booked.mapped("balance"))
            )
        # No sale of a stall lands on the operator's income or tax accounts.
        self.assertFalse(move_lines.filtered(lambda line: line.tax_line_id or line.tax_ids))


@tagged("post_install", "-at_install")
class TestCorePrinters(StallPosCase):
    def test_each_stalls_kitchen_ticket_goes_to_its_printer(self):
        Printer = self.env["pos.printer"]
        hot = Printer.create(
            {"name": "Hot kitchen", "printer_type": "epson_epos", "epson_printer_ip": "10.0.0.11"}
        )
        bar = Printer.create(
            {"name": "Tea bar", "printer_type": "epson_epos", "epson_printer_ip": "10.0.0.12"}
        )
        self.noodles.printer_id = hot
        self.tea.printer_id = bar
        self.basic_config.write(
            {
                "sports_stall_shared": True,
                "is_order_printer": True,
                "printer_ids": [fields.Command.set((hot | bar).ids)],
            }
        )

        def printers_of(product):
            # What the POS does: a printer prints the lines whose product is in one of its
            # categories.
            return self.basic_config.printer_ids.filtered(
                lambda printer: printer.product_categories_ids & product.pos_categ_ids
            )

        self.assertEqual(printers_of(self.noodle_bowl), hot)
        self.assertEqual(printers_of(self.milk_tea), bar)
        self.assertFalse(printers_of(self.towel))
        self.assertEqual(hot.product_categories_ids, self.noodles.pos_category_id)
        # The printer's routing follows the stall: a new product, a new printer.
        soup = self.env["product.product"].create(
            {"name": "Wonton soup", "available_in_pos": True, "sports_stall_id": self.noodles.id}
        )
        self.assertEqual(printers_of(soup), hot)
        self.noodles.printer_id = bar
        self.assertFalse(hot.product_categories_ids)
        self.assertEqual(printers_of(soup), bar)
        self.assertEqual(
            bar.product_categories_ids, self.noodles.pos_category_id | self.tea.pos_category_id
        )
        # The POS loads each printer's categories.
        self.assertIn(
            "product_categories_ids",
            self.env["pos.printer"]._load_pos_data_fields(self.basic_config),
        )
