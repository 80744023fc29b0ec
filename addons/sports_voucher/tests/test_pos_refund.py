class VoucherRefundCases:
    """POS refunds of a voucher's discount line follow the campaign's refund rule, and a
    closed session books the discount on the operator's voucher clearing account.

    Run by ``test_pos_redeem.TestPosVoucherDesk``, which shares the POS fixture (its set-up
    is the slow part of these tests)."""

    def _sale(self, rule="restore"):
        voucher = self._voucher(self.campaigns[rule])
        order = self.sync(
            self.order_data([(self.racket, 1), (self.drink, 1), self.voucher_line(voucher)])
        )
        self.assertEqual(voucher.state, "used")
        return voucher, order

    def _refund(self, order, products):
        """Refund the lines of ``order`` selling ``products`` (the voucher product for its
        discount line), at the price paid."""
        params = []
        for line in order.lines.filtered(lambda line: line.product_id in products):
            params.append(
                {
                    "product": line.product_id,
                    "quantity": -line.qty,
                    "price_unit": line.price_unit,
                    "price_subtotal": -line.price_subtotal,
                    "price_subtotal_incl": -line.price_subtotal_incl,
                    "refunded_orderline_id": line.id,
                }
            )
        return self.sync(self.order_data(params))

    def test_full_refund_restores_a_valid_voucher(self):
        voucher, order = self._sale("restore")
        refund = self._refund(order, self.racket | self.drink | self.voucher_product)
        self.assertAlmostEqual(refund.amount_total, -51.0)
        redemption = self.redemptions(voucher)
        self.assertEqual(redemption.state, "refunded")
        self.assertTrue(redemption.refunded_at)
        self.assertEqual(voucher.state, "held")

    def test_partial_refund_voids_the_voucher(self):
        voucher, order = self._sale("restore")
        self._refund(order, self.drink | self.voucher_product)
        self.assertEqual(self.redemptions(voucher).state, "refunded")
        self.assertEqual(voucher.state, "voided")

    def test_any_refund_forfeits_under_the_forfeit_rule(self):
        voucher, order = self._sale("forfeit")
        self._refund(order, self.racket | self.drink | self.voucher_product)
        self.assertEqual(self.redemptions(voucher).state, "refunded")
        self.assertEqual(voucher.state, "forfeited")

    def test_refund_of_other_lines_keeps_the_voucher_used(self):
        voucher, order = self._sale("restore")
        self._refund(order, self.drink)
        self.assertEqual(self.redemptions(voucher).state, "valid")
        self.assertEqual(voucher.state, "used")

    def test_closed_session_debits_the_clearing_account(self):
        voucher, order = self._sale("restore")
        self.pos_session.close_session_from_ui()
        self.assertEqual(self.pos_session.state, "closed")
        account = self.company.sports_voucher_clearing_account_id
        lines = self.pos_session.move_id.line_ids.filtered(lambda ml: ml.account_id == account)
        self.assertTrue(lines, "the session's entry books the voucher discount")
        self.assertAlmostEqual(sum(lines.mapped("debit")) - sum(lines.mapped("credit")), 15.0)
        self.assertEqual(account.account_type, "asset_current")
