from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        """Redeem the vouchers of a paid order before it is saved, and apply the
        campaign's refund rule to the vouchers its refund lines give back. Either refuses
        the whole order with a message, so that nothing of it is written."""
        self.ensure_one()
        if not draft and self.state != "cancel":
            self._sports_voucher_redeem()
            self._sports_voucher_refund()
        return super()._process_saved_order(draft)

    def _sports_voucher_product(self):
        return self.env.ref("sports_voucher.product_sports_voucher")

    def _sports_voucher_redeem(self):
        """Redeem the voucher of each discount line (qty > 0), keyed by the line's uuid:
        a re-synced order finds its redemption and redeems nothing more.

        The discount is computed again on the server from the order's other lines; an
        order whose discount line says another amount is refused."""
        product = self._sports_voucher_product()
        voucher_lines = self.lines.filtered(
            lambda line: line.qty > 0 and (line.sports_voucher_id or line.product_id == product)
        )
        if not voucher_lines:
            return
        for line in voucher_lines:
            if not line.sports_voucher_id or line.product_id != product:
                raise UserError(
                    self.env._(
                        "A voucher discount is a line of the product %(product)s that names "
                        "its voucher: remove the line and add the voucher again.",
                        product=product.display_name,
                    )
                )
            if line.qty != 1:
                raise UserError(
                    self.env._(
                        "Voucher %(code)s can be used once: its line must have quantity 1.",
                        # sudo: the cashier may not read the bureau's voucher.
                        code=line.sports_voucher_id.sudo().code,
                    )
                )
        venue = self.config_id.sports_venue_id
        if not venue:
            raise UserError(
                self.env._(
                    "The desk %(desk)s sells for no venue: vouchers are redeemed at a "
                    "venue. Set the desk's venue in the POS settings.",
                    desk=self.config_id.name,
                )
            )
        # The discount line then books on the operator's clearing account at closing.
        self.company_id._sports_voucher_clearing_account()
        eligible = self.lines.filtered(lambda line: line.qty > 0 and line.product_id != product)
        lines = eligible._sports_voucher_lines()
        # sudo: the cashier has no rights on the bureau's vouchers and redemptions; the
        # redemption is the system's record of what this paid order did, checked below.
        Redemption = self.env["sports.voucher.redemption"].sudo()
        done = {
            redemption.pos_line_uuid: redemption
            for redemption in Redemption.search(
                [("pos_line_uuid", "in", voucher_lines.mapped("uuid"))]
            )
        }
        currency = self.currency_id
        for line in voucher_lines:
            voucher = line.sports_voucher_id.sudo()
            redemption = done.get(line.uuid)
            if redemption and redemption.voucher_id == voucher:
                continue
            if not redemption:
                redemption = voucher._redeem(
                    venue,
                    "desk",
                    lines,
                    pos_order=self,
                    pos_order_line=line,
                    pos_line_uuid=line.uuid,
                )
            if redemption.voucher_id != voucher:
                raise UserError(self.env._("This order line redeemed another voucher already."))
            amount = -line._sports_voucher_amount()
            if currency.compare_amounts(amount, redemption.discount):
                raise UserError(
                    self.env._(
                        "Voucher %(code)s takes %(discount)s off this order, not %(amount)s: "
                        "remove the voucher line and add the voucher again.",
                        code=voucher.code,
                        discount=currency.format(redemption.discount),
                        amount=currency.format(amount),
                    )
                )

    def _sports_voucher_refund(self):
        """Refund lines of a voucher's discount line apply the campaign's refund rule to
        its redemption: a full refund when every line of the original order is refunded
        with it, a partial one otherwise. Refunding other lines leaves the voucher used."""
        refunds = self.lines.filtered(
            lambda line: line.qty < 0 and line.refunded_orderline_id.sports_voucher_id
        )
        if not refunds:
            return
        originals = refunds.refunded_orderline_id
        # sudo: the cashier may refund at the desk; the redemptions are the system's.
        Redemption = self.env["sports.voucher.redemption"].sudo()
        redemptions = Redemption.search(
            [("pos_order_line_id", "in", originals.ids), ("state", "=", "valid")]
        )
        if not redemptions:
            return
        # Two refunds of one order at once: the second waits, then finds it refunded.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_voucher_redemption WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(redemptions.ids),
            )
        )
        redemptions.invalidate_recordset(["state"])
        for redemption in redemptions.filtered(lambda r: r.state == "valid"):
            original_order = redemption.pos_order_line_id.order_id
            original_order.lines.invalidate_recordset(["refund_orderline_ids", "refunded_qty"])
            sold = original_order.lines.filtered(lambda line: line.qty > 0)
            full = all(line.refunded_qty >= line.qty for line in sold)
            redemption._refund(full=full)

    def read_pos_data(self, data, config):
        """The orders sent back to the POS carry the vouchers of their discount lines."""
        result = super().read_pos_data(data, config)
        if config:
            result["sports.voucher"] = self.lines.sports_voucher_id._sports_pos_read(config)
        return result
