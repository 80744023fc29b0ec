from odoo import fields, models


class SportsAccessEntitlement(models.Model):
    _inherit = "sports.access.entitlement"

    pos_order_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Order Line",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The front desk line that sold this ticket.",
    )

    pos_refund_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Refund Line",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The front desk refund that revoked this ticket.",
    )

    def _sports_is_used(self):
        """Whether this ticket let someone in already."""
        self.ensure_one()
        return bool(
            self.first_entry_at
            or (self.counted and self.uses_left < self.uses_total)
            or self.event_ids.filtered(lambda e: e.decision == "granted")
        )
