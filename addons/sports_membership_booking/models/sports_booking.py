from odoo import _, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sports_venue.tools import inputs


class SportsBooking(models.Model):
    _inherit = "sports.booking"

    def pay_with_card(self, card):
        """Pay the booking with a stored-value card and confirm it when it is held.

        ``card`` is a ``sports.card`` record or id, used with this booking's rights. The
        key ``booking-<id>`` makes a retry (double click, network replay) harmless, and the
        booking's space is checked against the card type's scope.
        """
        if len(self) != 1:
            raise ValidationError(_("Give exactly one booking to pay."))
        # Rights first: paying confirms the booking, and the card's lock comes after.
        self.check_access("write")
        card = inputs.record(self.env, "sports.card", card, _("The member card"), required=True)
        if self.state not in ("held", "confirmed"):
            raise UserError(_("Only a held or confirmed booking can be paid with a card."))
        if self.currency_id.compare_amounts(self.amount_total, 0) <= 0:
            raise UserError(_("This booking has nothing to pay."))
        move = card.charge(
            self.amount_total,
            f"booking-{self.id}",
            ref=self.name,
            source=self,
            space=self.space_id,
        )
        if self.state == "held":
            self.action_confirm()
        return move
