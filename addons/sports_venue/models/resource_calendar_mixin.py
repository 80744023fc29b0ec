from odoo import api, models


class SportsOpeningCacheMixin(models.AbstractModel):
    """Clears the venues' cached opening hours when what they are computed from changes:
    calendars, their working hours and time off (``sports.venue._day_open_intervals``)."""

    _name = "sports.opening.cache.mixin"
    _description = "Clears Cached Opening Hours"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
