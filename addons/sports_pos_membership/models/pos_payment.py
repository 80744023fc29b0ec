from odoo import fields, models


class PosPayment(models.Model):
    _inherit = "pos.payment"

    # Loaded in the POS with the payment's other fields (pos.payment loads all of them).
    sports_card_id = fields.Many2one(
        comodel_name="sports.card",
        string="Member Card",
        index="btree_not_null",
        ondelete="restrict",
        help="The member card this payment is debited from, identified at the desk. The "
        "server debits it when it accepts the order.",
    )

    def _sports_is_card_payment(self):
        self.ensure_one()
        return self.payment_method_id.use_payment_terminal == "sports_card"

    def _sports_charge_key(self, line=None):
        """The idempotency key of this payment's charge (of its share of ``line``)."""
        self.ensure_one()
        return f"pos-payment-{self.uuid}-{line.uuid}" if line else f"pos-payment-{self.uuid}"

    def _sports_refund_key(self, spend):
        """The idempotency key of this refund payment's credit back of ``spend``."""
        self.ensure_one()
        return f"pos-refund-{self.uuid}-{spend.id}"
