from odoo import fields, models


class SaleOrder(models.Model):
    """Paying an enrolment's order confirms it; cancelling the order cancels it."""

    _inherit = "sale.order"

    sports_training_enrolment_ids = fields.One2many(
        comodel_name="sports.training.enrolment",
        inverse_name="sale_order_id",
        string="Training Enrolments",
    )

    def action_confirm(self):
        res = super().action_confirm()
        # sudo: payment confirmation runs for the paying portal user or the system.
        self.sudo().sports_training_enrolment_ids._confirm_paid()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        if not self.env.context.get("sports_training_enrolment_cancel"):
            # sudo: cancelling the order gives the seat back whoever cancels it.
            self.sudo().sports_training_enrolment_ids.filtered(
                lambda e: e.state in ("pending", "waitlist", "draft")
            ).action_cancel()
        return res
