from odoo import _, models
from odoo.exceptions import UserError


class SportsBooking(models.Model):
    _inherit = "sports.booking"

    def action_pay_with_card(self, card):
        """Pay the booking with a stored-value card and confirm it when it is held.

        The key ``booking-<id>`` makes a retry (double click, network replay) harmless.
        """
        self.ensure_one()
        if self.state not in ("held", "confirmed"):
            raise UserError(_("Only a held or confirmed booking can be paid with a card."))
        if self.currency_id.compare_amounts(self.amount_total, 0) <= 0:
            raise UserError(_("This booking has nothing to pay."))
        move = self.env["sports.card"].charge(
            card, self.amount_total, self.name, f"booking-{self.id}", source=self
        )
        if self.state == "held":
            self.action_confirm()
        return move
