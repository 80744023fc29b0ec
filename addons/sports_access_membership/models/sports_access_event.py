from odoo import models


class SportsAccessEvent(models.Model):
    _inherit = "sports.access.event"

    def _space_for(self, entitlement, point):
        """The first space of the point's area that the entitlement's card may use."""
        card = entitlement.card_id
        if not card:
            return super()._space_for(entitlement, point)
        spaces = point.area_id.space_ids
        card_type = card.type_id
        if card_type.space_ids:
            spaces = spaces & card_type.space_ids
        if card_type.sport_ids:
            spaces = spaces.filtered(lambda s: s.sport_ids & card_type.sport_ids)
        return spaces[:1]
