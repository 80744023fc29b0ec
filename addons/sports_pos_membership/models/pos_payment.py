from odoo import api, fields, models


class PosPayment(models.Model):
    _inherit = "pos.payment"

    # The POS serialises only relations to the models it loads, and it does not load
    # member cards: the desk sends the id of the card it identified as a plain number.
    sports_card_ref = fields.Integer(
        string="Member Card Id",
        copy=False,
        help="The id of the member card the desk identified for this payment.",
    )
    sports_card_id = fields.Many2one(
        comodel_name="sports.card",
        string="Member Card",
        compute="_compute_sports_card_id",
        store=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The member card this payment is debited from, identified at the desk. The "
        "server debits it when it accepts the order.",
    )

    @api.depends("sports_card_ref")
    def _compute_sports_card_id(self):
        # sudo: only whether the card exists is read here; the order's acceptance checks
        # the cashier's rights and the card's company before it debits anything.
        cards = self.env["sports.card"].sudo().browse(set(self.mapped("sports_card_ref")) - {0})
        existing = set(cards.exists().ids)
        for payment in self:
            payment.sports_card_id = (
                payment.sports_card_ref if payment.sports_card_ref in existing else False
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
