from odoo import models


# Timed walk-ins in their own file, apart from the court bookings (another flow, another owner).
class PosOrderLine(models.Model):
    _inherit = "pos.order.line"  # pylint: disable=consider-merging-classes-inherited

    def _sports_card_charge_scope(self):
        """A walk-in on a space is paid for that space: a member card scoped to some courts
        pays for the time played on them."""
        scope = super()._sports_card_charge_scope()
        space = self.sports_timed_session_id.space_id
        if space:
            scope = {**scope, "space": space}
        return scope
