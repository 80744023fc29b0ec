from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SportsTicketType(models.Model):
    _inherit = "sports.ticket.type"

    used_refund_policy = fields.Selection(
        [("refuse", "Refused"), ("fee", "Refunded Minus a Fee")],
        string="Refund of a Used Ticket",
        required=True,
        default="refuse",
        help="What the front desk does when a customer brings back a ticket that let them "
        "in already: refuse the refund, or revoke the ticket and refund its price minus "
        "the fee below.",
    )
    used_refund_fee = fields.Monetary(
        string="Fee Kept on a Used Ticket",
        default=0.0,
        help="Kept from the refund of a used ticket when the policy is a fee.",
    )

    @api.constrains("used_refund_fee")
    def _check_used_refund_fee(self):
        for ticket_type in self:
            if ticket_type.used_refund_fee < 0:
                raise ValidationError(self.env._("A refund fee cannot be negative."))
