from odoo import models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        self.ensure_one()
        # A payment code line is paid only when its trade says so: the POS cannot mark
        # one paid by itself.
        if not draft and self.state != "cancel":
            self._paycode_check_payments()
        return super()._process_saved_order(draft)

    def _paycode_check_payments(self):
        payments = self.payment_ids.filtered(
            lambda p: p.payment_method_id.use_payment_terminal == "payment_code"
        )
        if not payments:
            return
        # sudo: cashiers only read trades; the link to the payment is the server's.
        Trade = self.env["pos.payment.code.trade"].sudo()
        trades = Trade.search([("payment_uuid", "in", payments.mapped("uuid"))])
        trade_of = {trade.payment_uuid: trade for trade in trades}
        currency = self.currency_id
        for payment in payments:
            trade = trade_of.get(payment.uuid)
            kind = "refund" if currency.compare_amounts(payment.amount, 0) < 0 else "payment"
            if (
                not trade
                or trade.state != "done"
                or trade.kind != kind
                or trade.payment_method_id != payment.payment_method_id
                or currency.compare_amounts(abs(payment.amount), trade.amount)
                or (trade.pos_payment_id and trade.pos_payment_id.pos_order_id != self)
            ):
                raise UserError(
                    self.env._(
                        "The %(method)s payment of %(amount)s was not confirmed by the "
                        "provider: remove it and scan the customer's code again.",
                        method=payment.payment_method_id.name,
                        amount=currency.round(payment.amount),
                    )
                )
            trade.pos_payment_id = payment
            payment.transaction_id = trade.provider_reference
